/** Follow-ups: merging a message that only makes sense with the previous turn. */
import type { DialogueContext, Intent, Understanding } from "./intents.js";

/** Intents about the calendar: a follow-up with a new province or date re-asks them. */
const SCHEDULE: ReadonlySet<Intent> = new Set(["when", "where", "list_events"]);

/** Intents answered from the programme description; a follow-up may move them to a province. */
const TOPICS: ReadonlySet<Intent> = new Set([
  "services",
  "cost",
  "doctors",
  "about",
  "organiser",
  "contact",
  "eligibility",
]);

/** Confidence of a follow-up once the previous turn filled it in. */
const MERGED_CONFIDENCE = 0.75;

/** What is kept of `u` for the next turn. */
export function toContext(u: Understanding): DialogueContext {
  return {
    intent: u.intent,
    provinceIds: [...u.provinceIds],
    ...(u.date ? { date: u.date } : {}),
    ...(u.programmeIds?.length ? { programmeIds: [...u.programmeIds] } : {}),
  };
}

/** The intent a follow-up that named only entities carries over from the previous turn. */
function carriedIntent(u: Understanding, previous: DialogueContext): Intent {
  if (TOPICS.has(previous.intent)) return previous.intent;
  // "Tôi ở Hà Tĩnh, gần nhất ở đâu?" → "còn nhà nông xanh thì sao?": the nearest of that one.
  if (previous.intent === "nearest" && u.provinceIds.length === 0) return "nearest";
  if (!SCHEDULE.has(previous.intent)) return u.intent;
  if (u.provinceIds.length > 0) {
    // "ngày 8/9 ở đâu?" → "còn Đắk Lắk?" asks when Đắk Lắk is.
    return previous.intent === "where" && previous.provinceIds.length > 0 ? "where" : "when";
  }
  if (u.date || u.relativeDay) return "where";
  return previous.intent;
}

/**
 * Merges a follow-up with the previous turn: "còn Đắk Lắk thì sao?" after "Nghệ An ngày nào?"
 * → when + dak-lak; "ở đâu?" after "ngày 8/9 có không" → where + that date. A message that is
 * not a follow-up, or has no previous turn, is returned unchanged.
 */
export function applyContext(
  u: Understanding,
  previous: DialogueContext | undefined,
): Understanding {
  if (!u.followUp && u.asks && !u.programmeIds?.length && previous?.programmeIds?.length) {
    // "cần mang gì?" right after a turn about one programme is about that programme.
    return { ...u, programmeIds: [...previous.programmeIds] };
  }
  if (!u.followUp || !previous || previous.intent === "unknown") return u;
  const namesPlace = u.provinceIds.length > 0;
  const namesDay = u.date !== undefined || u.relativeDay !== undefined || u.month !== undefined;
  const fromCue = u.intentSource === undefined || u.intentSource === "cue";
  let intent = fromCue && u.intent !== "unknown" ? u.intent : carriedIntent(u, previous);
  if (intent === "list_events" && namesPlace) intent = "when";
  if (intent === "list_events" && (u.date || u.relativeDay)) intent = "where";
  const merged: Understanding = {
    ...u,
    intent,
    confidence: Math.max(u.confidence, MERGED_CONFIDENCE),
    intentSource: fromCue ? "cue" : "context",
  };
  if (u.confirming && !namesPlace && previous.provinceIds.length > 0) {
    // "Nghệ An ngày nào?" → "ngày 10/9 hả?": is that Nghệ An's date? (a plain no if not)
    merged.intent = "when";
    merged.provinceIds = [...previous.provinceIds];
  }
  if (!namesPlace && !namesDay) {
    merged.provinceIds = [...previous.provinceIds];
    if (previous.date) merged.date = previous.date;
  }
  // "<tỉnh A> có <programme> không?" → "còn <tỉnh B>?" stays about that programme.
  if (!u.programmeIds?.length && previous.programmeIds?.length) {
    merged.programmeIds = [...previous.programmeIds];
  }
  return merged;
}
