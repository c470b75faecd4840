/**
 * Names of the actions a choice (button) can trigger, shared by every channel.
 * Short, because on Telegram they travel inside 64-byte callback data.
 */
export const Actions = {
  /** Show upcoming events. */
  events: "ev",
  /** Start the eligibility check, optionally for an event. */
  check: "chk",
  /** Subscribe to an event's reminders. */
  remind: "rem",
  /** Send the map pin of an event. */
  map: "map",
  /** Ask a canned question from the menu (services, cost). */
  ask: "ask",
  /** Show help. */
  help: "hlp",
  /** Set the language. */
  language: "lng",
  /** Send an event as an .ics calendar file. */
  calendar: "ics",
} as const;
