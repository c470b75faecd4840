/**
 * What a question asks beyond the calendar (issue 11 items 2-4): a specific fact, a listed
 * service, an FAQ entry. Called by `understand.ts`; pure.
 */
import type { Gazetteer } from "../gazetteer.js";
import type { Programme } from "../types.js";
import { type FaqMatch, matchFaq, placeKeys } from "./faq.js";
import { askedFact, type FactAsk, namedServices, type ServiceRef } from "./facts.js";
import type { Intent, Understanding } from "./intents.js";
import { compile, hasPattern, type Pattern } from "./match.js";
import { extractPlaces } from "./places.js";

/** Extra score a listed service named in the question ("có cấp kính không") gives "services". */
export const SERVICE_BONUS = 2;

/** "có … không", "is there …": a yes/no question. */
const YES_NO: readonly Pattern[] = [
  "co * khong",
  "khong a",
  "is there",
  "are there",
  "do you",
  "does it",
  "is it",
].map(compile);

/** Intents about the calendar: a service named there does not narrow the programmes. */
const SCHEDULE: ReadonlySet<Intent> = new Set(["when", "where", "list_events"]);

/** What {@link beyondCalendar} needs of the message, as `understand` has analysed it. */
export interface MessageParts {
  /** Folded, abbreviations expanded, places masked. */
  tokens: readonly string[];
  /** Folded text with places masked, and the places' ids in order. */
  placesText: string;
  placeIds: readonly string[];
  /** Programmes the message names. */
  programmeIds: readonly string[];
  /** True when it names a province, a day, a month or a window. */
  calendar: boolean;
}

/** A fact asked for, the listed services named, and the FAQ entry matched. */
export interface BeyondCalendar {
  asks: FactAsk | undefined;
  services: ServiceRef[];
  faq: FaqMatch | undefined;
}

/** What `message` asks beyond the calendar, among the loaded `programmes`. */
export function beyondCalendar(
  message: MessageParts,
  programmes: readonly Programme[],
  gazetteer: Gazetteer,
): BeyondCalendar {
  const asks = askedFact(message.tokens);
  const services = namedServices(message.tokens, programmes);
  // The calendar and the listed services are data: a loose FAQ match must not take them over.
  const strict = message.calendar || services.length > 0;
  const faq = matchFaq(
    placeKeys(message.placesText, currentIds(message.placeIds, gazetteer)),
    programmes,
    strict,
    message.programmeIds,
    (text) => {
      const found = extractPlaces(text, gazetteer);
      return placeKeys(found.text, currentIds(found.ids, gazetteer));
    },
  );
  return { asks, services, faq };
}

/** Places as the current unit's id: Quảng Bình and Quảng Trị are one place to an entry. */
function currentIds(ids: readonly string[], gazetteer: Gazetteer): string[] {
  return ids.map((id) => gazetteer.currentOf(id)?.id ?? id);
}

/**
 * The services part of the understanding once the intent is known: for "có cấp kính không"
 * the listed services named (none meaning "not listed"); and a service only one loaded
 * programme lists ("ai được mổ") names that programme for a question about it.
 */
export function serviceFields(
  intent: Intent,
  tokens: readonly string[],
  services: ServiceRef[],
  programmes: readonly Programme[],
  options: { namesProgramme: boolean; listAsked: boolean },
): Pick<Understanding, "services" | "programmeIds"> {
  const included =
    intent === "services" &&
    (services.length > 0 || (YES_NO.some((p) => hasPattern(tokens, p)) && !options.listAsked));
  const owners = new Set(services.map((ref) => ref.programmeId));
  const byService =
    !options.namesProgramme && owners.size === 1 && programmes.length > 1 && !SCHEDULE.has(intent);
  return {
    ...(included ? { services } : {}),
    ...(byService ? { programmeIds: [...owners] } : {}),
  };
}
