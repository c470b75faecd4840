/**
 * The customers' button families, one typed codec each. Buttons are built channel-agnostically
 * by `choice(label, action, ...args)` in `presentation/` with the fields in the order below;
 * handlers decode with these codecs, and a payload that does not fit (forged, damaged) is
 * handled as an expired button.
 */
import { Actions } from "../presentation/actions.js";
import { callbackData, field } from "./callback-data.js";

/** The languages a user can pick. */
const LANGUAGE = field.oneOf("vi", "en");

/** Codecs of every customer button. */
export const CustomerCallbacks = {
  /** Upcoming events. */
  events: callbackData(Actions.events, {}),
  /** Eligibility check, optionally for one event. */
  check: callbackData(Actions.check, { event: field.optional(field.id) }),
  /** `rem:<event>` subscribes to an event; `rem:p:<province>` follows a province. */
  remind: callbackData(Actions.remind, {
    target: field.id,
    province: field.optional(field.id),
  }),
  /** The map pin of an event. */
  map: callbackData(Actions.map, { event: field.id }),
  /** A canned question from the menu. */
  ask: callbackData(Actions.ask, { topic: field.oneOf("services", "cost") }),
  /** Help. */
  help: callbackData(Actions.help, {}),
  /** Pick a language; without one, the menu button toggles. */
  language: callbackData(Actions.language, { lang: field.optional(LANGUAGE) }),
  /** An event as an .ics file. */
  calendar: callbackData(Actions.calendar, { event: field.id }),
  /** Unsubscribe: `a` all, `e:<event>`, `p:<province>`. */
  unsubscribe: callbackData("urm", {
    kind: field.oneOf("a", "e", "p"),
    target: field.optional(field.id),
  }),
};
