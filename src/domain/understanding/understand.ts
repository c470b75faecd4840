/**
 * Question understanding: finds the intent of a customer's message and the provinces, dates and
 * months it names. Intents are scored from weighted cue phrases (see `cues.ts`) matched as whole
 * token sequences on the folded, abbreviation-expanded text, with entity-driven defaults: a
 * province alone asks "when", a date alone asks "where", a month alone asks for the list.
 * Pure: never reads the clock.
 */
import type { Gazetteer } from "../gazetteer.js";
import type { Programme } from "../types.js";
import { parseDateMention, parseMonthMention, parseRelativeDay } from "../text/dates.js";
import { parseTimeWindow } from "../text/time.js";
import { expandAbbreviations, fold } from "../text/normalize.js";
import { DOMAIN_CUES, INTENT_CUES, OFF_TOPIC_CUES, SOCIAL_INTENTS } from "./cues.js";
import {
  FOLLOW_UP_LEADS,
  FOLLOW_UP_MARKS,
  FOLLOW_UP_OPENERS,
  TIMEFRAME_CUES,
} from "./cues-dialogue.js";
import type { Intent, Timeframe, Understanding } from "./intents.js";
import { extractPlaces, PROVINCE_TOKEN } from "./places.js";
import { endsWithConfirmation } from "./cues-correction.js";
import { namedProgrammes } from "./programmes.js";
import { beyondCalendar, SERVICE_BONUS, serviceFields } from "./beyond-calendar.js";
import {
  type CompiledCues,
  compile,
  compileCues,
  findPattern,
  guessLanguage,
  hasPattern,
  type Pattern,
  scoreCues,
  startsWithPattern,
} from "./match.js";

export { applyContext, toContext } from "./context.js";

/** Longest part of a message that is analysed; the rest is ignored to cap the work. */
export const MAX_UNDERSTOOD_CHARS = 500;

/** Extra score an entity gives its default intent; the order breaks ties. */
const PROVINCE_BONUS = 1.2;
const DAY_BONUS = 1.1;
const MONTH_BONUS = 1.1;

/** Intents a time window turns into a list of the events in it. */
const SCHEDULE_OR_SERVICES: ReadonlySet<Intent> = new Set([
  "when",
  "where",
  "list_events",
  "services",
]);

/** "Which services", "what is offered": a services question even when a programme is named. */
const SERVICES_ASKED: readonly Pattern[] = ["gi", "nhung gi", "what", "which", "dich vu nao"].map(
  compile,
);

/** When two topical intents score the same, the earlier one wins. */
const PRIORITY: readonly Intent[] = [
  "unsubscribe",
  "subscribe",
  "language",
  "cost",
  "eligibility",
  "services",
  "doctors",
  "contact",
  "organiser",
  "nearest",
  "where",
  "when",
  "list_events",
  "about",
  "help",
  "thanks",
  "goodbye",
  "greeting",
];

const COMPILED: readonly (readonly [Intent, CompiledCues])[] = Object.entries(INTENT_CUES).map(
  ([intent, cues]) => [intent as Intent, compileCues(cues)] as const,
);
const OFF_TOPIC = compileCues(OFF_TOPIC_CUES);
const DOMAIN = DOMAIN_CUES.map(compile);
const LIST_CUES = compileCues(INTENT_CUES.list_events);
const TIMEFRAMES = TIMEFRAME_CUES.map(([frame, cues]) => [frame, cues.map(compile)] as const);
const LEADS = FOLLOW_UP_LEADS.map(compile);
const OPENERS: ReadonlySet<string> = new Set(FOLLOW_UP_OPENERS);
const MARKS = FOLLOW_UP_MARKS.map(compile);
/** Tokens that may follow a leading "con" when it means "and what about" (not "child"). */
const AFTER_CON = new Set([PROVINCE_TOKEN, "o", "tinh", "ngay", "mung", "thang", "hom", "thi"]);
/** Longest "còn …" message that is a follow-up whatever follows "còn". */
const SHORT_LEAD_TOKENS = 4;
/** Longest message that can be a bare follow-up such as "ở đâu?" or "the con qua?". */
const SHORT_FOLLOW_UP_TOKENS = 5;

/** The result for an empty or unreadable message. */
function nothing(): Understanding {
  return { intent: "unknown", provinceIds: [], lang: "vi", followUp: false, confidence: 0 };
}

function timeframeOf(tokens: readonly string[]): Timeframe | undefined {
  for (const [frame, patterns] of TIMEFRAMES) {
    if (patterns.some((pattern) => hasPattern(tokens, pattern))) return frame;
  }
  return undefined;
}

function best(scores: ReadonlyMap<Intent, number>, among: (intent: Intent) => boolean) {
  let top: Intent | undefined;
  let topScore = 0;
  let second = 0;
  for (const intent of PRIORITY) {
    const score = scores.get(intent) ?? 0;
    if (!among(intent) || score <= 0) continue;
    if (score > topScore) {
      second = topScore;
      topScore = score;
      top = intent;
    } else if (score > second) second = score;
  }
  return { top, topScore, second };
}

function bump(scores: Map<Intent, number>, intent: Intent, by: number): void {
  scores.set(intent, (scores.get(intent) ?? 0) + by);
}

/** True when the message opens (after small talk such as "cảm ơn,") with "còn", "what about"… */
function isLead(tokens: readonly string[]): boolean {
  let from = 0;
  while (from < tokens.length && OPENERS.has(tokens[from] ?? "")) from++;
  const rest = tokens.slice(from);
  return LEADS.some((lead: Pattern) => {
    if (!startsWithPattern(rest, lead)) return false;
    // "còn" also means "child": "con tôi có được khám không" is no follow-up.
    if (lead.length === 1 && lead[0] === "con") {
      return AFTER_CON.has(rest[1] ?? "") || rest.length <= SHORT_LEAD_TOKENS;
    }
    return true;
  });
}

/** Words right before a province that deny it: "không phải A", "không ở A", "not in A". */
const NEGATORS: readonly Pattern[] = ["khong phai", "khong o", "not in", "not", "khong phai o"].map(
  compile,
);

/**
 * Drops the provinces the message denies ("không phải Nghệ An, tôi ở Quảng Trị" is about Quảng
 * Trị), as long as one is left.
 */
function withoutNegated(ids: string[], text: string): string[] {
  if (ids.length < 2) return ids;
  // Teencode first: "ko phai Nghệ An" denies it as "không phải" does.
  const tokens = expandAbbreviations(text)
    .split(/\s+/)
    .filter((token) => token.length > 0);
  const positions = tokens.flatMap((token, i) => (token === PROVINCE_TOKEN ? [i] : []));
  if (positions.length !== ids.length) return ids;
  const kept = ids.filter((_, n) => {
    const at = positions[n] ?? 0;
    const before = tokens.slice(Math.max(0, at - 3), at);
    return !NEGATORS.some((negator) => {
      const found = findPattern(before, negator);
      return found >= 0 && found + negator.length === before.length;
    });
  });
  return kept.length > 0 ? kept : ids;
}

/**
 * Understands one message. Only the first {@link MAX_UNDERSTOOD_CHARS} characters count.
 * `programmes` are the loaded ones: a message naming one of them is about it only.
 */
export function understand(
  text: string,
  gazetteer: Gazetteer,
  programmes: readonly Programme[] = [],
): Understanding {
  const raw = text.slice(0, MAX_UNDERSTOOD_CHARS).normalize("NFC");
  const folded = fold(raw);
  if (folded.trim() === "") return nothing();
  const places = extractPlaces(folded, gazetteer);
  const provinces = { ...places, ids: withoutNegated(places.ids, places.text) };
  const tokens = expandAbbreviations(provinces.text)
    .split(/\s+/)
    .filter((token) => token.length > 0);
  const lang = guessLanguage(
    raw,
    tokens.filter((token) => token !== PROVINCE_TOKEN),
  );
  const date = parseDateMention(provinces.text);
  const relativeDay = date ? undefined : parseRelativeDay(provinces.text);
  const window = date
    ? undefined
    : parseTimeWindow(raw.toLowerCase(), provinces.text, PROVINCE_TOKEN);
  const month =
    date || (window && window.kind !== "after" && window.kind !== "next")
      ? window?.kind === "month_part" && window.month > 0
        ? window.month
        : undefined
      : parseMonthMention(provinces.text);
  const timeframe = timeframeOf(tokens);
  const hasProvince = provinces.ids.length > 0;
  const hasDay = date !== undefined || relativeDay !== undefined;
  const programmeIds = namedProgrammes(folded, programmes);
  const hasProgramme = programmeIds.length > 0;
  const hasEntity = hasProvince || hasDay || month !== undefined || hasProgramme;
  // Facts and FAQ (issue 11 items 2-4): what the question asks for beyond the calendar.
  const { asks, services, faq } = beyondCalendar(
    {
      tokens,
      placesText: places.text,
      placeIds: places.ids,
      programmeIds,
      calendar: hasProvince || hasDay || month !== undefined || window !== undefined,
    },
    programmes,
    gazetteer,
  );

  const cueScores = new Map<Intent, number>();
  const distinct = new Set(tokens);
  for (const [intent, cues] of COMPILED) cueScores.set(intent, scoreCues(tokens, cues, distinct));
  const scores = new Map(cueScores);
  if (hasProvince) bump(scores, "when", PROVINCE_BONUS);
  if (hasDay) bump(scores, "where", DAY_BONUS);
  if (month !== undefined) bump(scores, "list_events", MONTH_BONUS);
  if (services.length > 0) bump(scores, "services", SERVICE_BONUS);

  const topical = best(scores, (intent) => !SOCIAL_INTENTS.has(intent));
  const topicalCue = best(cueScores, (intent) => !SOCIAL_INTENTS.has(intent));
  const social = best(cueScores, (intent) => SOCIAL_INTENTS.has(intent));
  const offTopic = scoreCues(tokens, OFF_TOPIC, distinct);
  const domain = DOMAIN.some((pattern) => hasPattern(tokens, pattern));

  const base = {
    provinceIds: provinces.ids,
    ...(date ? { date } : {}),
    ...(relativeDay ? { relativeDay } : {}),
    ...(month !== undefined ? { month } : {}),
    ...(timeframe ? { timeframe } : {}),
    ...(hasProgramme ? { programmeIds } : {}),
    ...(window ? { window } : {}),
    ...(asks ? { asks } : {}),
    ...(faq ? { faq } : {}),
    lang,
  };

  if (offTopic > 0 && offTopic >= topicalCue.topScore) {
    return { ...base, intent: "unknown", followUp: false, confidence: 0.3, intentSource: "none" };
  }
  let intent: Intent;
  let confidence: number;
  let fromCue = true;
  if (topical.top) {
    intent = topical.top;
    fromCue = (cueScores.get(intent) ?? 0) > 0;
    confidence = fromCue
      ? Math.min(0.95, 0.55 + 0.1 * topical.topScore) -
        (topical.second >= topical.topScore - 0.5 ? 0.1 : 0)
      : 0.65;
  } else if (social.top) {
    intent = social.top;
    confidence = Math.min(0.9, 0.6 + 0.1 * social.topScore);
  } else if (domain || timeframe || hasProgramme || window) {
    intent = "list_events";
    fromCue = false;
    confidence = 0.55;
  } else {
    return { ...base, intent: "unknown", followUp: false, confidence: 0.2, intentSource: "none" };
  }

  const listish =
    timeframe !== undefined || month !== undefined || scoreCues(tokens, LIST_CUES, distinct) > 0;
  if ((intent === "when" || intent === "where") && !hasProvince && !hasDay && listish) {
    intent = "list_events";
  }
  // "tuần sau ở đâu", "cuối tuần có khám không": the window is the question.
  if (window && !hasDay && SCHEDULE_OR_SERVICES.has(intent)) {
    if (window.kind === "after" || !hasProvince) intent = "list_events";
  }
  if (intent === "list_events" && hasProvince && window?.kind !== "after") intent = "when";
  // "Yên Bái có chương trình gì": what comes there, not what the programmes are.
  if (hasProvince && intent === "about" && !hasProgramme) intent = "when";
  // "Nghệ An có sửa xe đạp không?": whether it comes there, not the list of services.
  if (hasProvince && intent === "services" && !SERVICES_ASKED.some((p) => hasPattern(tokens, p))) {
    intent = "when";
  }

  // "đợt gần nhất ở đâu" without a place is the next event in time, not a distance.
  if (intent === "nearest" && !hasProvince && window?.kind === "next") intent = "list_events";

  const lead = isLead(tokens);
  const marked = MARKS.some((pattern) => hasPattern(tokens, pattern));
  const short = tokens.length <= SHORT_FOLLOW_UP_TOKENS;
  // "ngày 10/11 hả?" right after a province: checks that province's date.
  const confirming =
    date !== undefined &&
    !hasProvince &&
    (cueScores.get("where") ?? 0) === 0 &&
    endsWithConfirmation(tokens);
  const followUp =
    !SOCIAL_INTENTS.has(intent) &&
    (confirming ||
      (intent === "nearest" && !hasProvince) ||
      marked ||
      (lead && hasEntity) ||
      (lead && short) ||
      ((intent === "when" || intent === "where") && fromCue && !hasEntity && !listish && short));

  return {
    ...base,
    ...serviceFields(intent, tokens, services, programmes, {
      namesProgramme: hasProgramme,
      listAsked: SERVICES_ASKED.some((p) => hasPattern(tokens, p)),
    }),
    ...(confirming ? { confirming } : {}),
    intent,
    followUp,
    confidence: Math.max(0.5, Math.round(confidence * 100) / 100),
    intentSource: fromCue ? "cue" : "entity",
  };
}
