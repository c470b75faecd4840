/**
 * Answers to questions about one specific fact (what to bring, start time, age limit, number of
 * doctors, parking) and FAQ matches, from the loaded data only. A fact the data does not hold is
 * an honest "not known yet" naming what is known (the events, the programme's own text), which
 * the question service logs for coordinators. Pure.
 */
import {
  type CatalogueSnapshot,
  type EventView,
  upcomingViews,
  viewsInProvince,
  viewsOnDay,
} from "./event-views.js";
import { factsOf, faqOf } from "./programme-facts.js";
import { fold } from "./text/normalize.js";
import type { FaqEntry, Programme } from "./types.js";
import type { FaqMatch } from "./understanding/faq.js";
import type { FactAsk } from "./understanding/facts.js";
import type { Intent, Understanding } from "./understanding/intents.js";

/** Topics answered from a programme's structured facts. */
export type FactTopic = "bring" | "start_time" | "end_time";

/** What a question asked for that the data does not hold. */
export type UnknownThing = Exclude<FactAsk, "group"> | "doctors" | "contact";

/**
 * "Bác sĩ ở đâu về?", "số điện thoại liên hệ?": the optional topic none of `programmes`
 * states, if the question asks for one.
 */
export function missingTopic(
  intent: Intent,
  programmes: readonly Programme[],
): "doctors" | "contact" | undefined {
  if (programmes.length === 0) return undefined;
  if (intent === "doctors" && !programmes.some((p) => factsOf(p).doctors)) return "doctors";
  if (intent === "contact" && !programmes.some((p) => p.contact)) return "contact";
  return undefined;
}

/** An FAQ answer. */
export interface FaqAnswer {
  kind: "faq";
  programme: Programme;
  entry: FaqEntry;
  /** True when several programmes are loaded: the answer names its programme. */
  labelled?: boolean | undefined;
}

/** An honest "not announced yet: <thing>", with what is known. */
export interface NotKnownAnswer {
  kind: "not_known";
  thing: UnknownThing;
  /** The programmes asked about; their own text on the subject is shown when they have one. */
  programmes: Programme[];
  /** The events asked about (or upcoming ones): what is known. */
  views: EventView[];
}

/** A fact answer that is a programme answer (`answers.ts` builds it). */
export interface FactTopicAnswer {
  kind: "programme";
  topic: FactTopic | "eligibility";
  programmes: Programme[];
  views: EventView[];
  /** For a start- or end-time question: the events asked about that have their own time. */
  timed?: EventView[] | undefined;
  /** For an age question: the programmes whose audience and limits say nothing of ages. */
  silentOnAge?: string[] | undefined;
}

/**
 * The entry `match` points at, as an answer. With several programmes loaded it names its
 * programme when that is known: the entry was written in the programme's data, or the question
 * named it. An entry taught from `/unanswered` is filed under a programme Loa guessed.
 */
export function answerFaq(
  match: FaqMatch,
  snapshot: CatalogueSnapshot,
  namedIds: readonly string[] = [],
): FaqAnswer | undefined {
  const programme = snapshot.programmes.find((p) => p.id === match.programmeId);
  const entry = programme && faqOf(programme).find((e) => e.id === match.entryId);
  if (!programme || !entry) return undefined;
  const owned = entry.addedBy === undefined || namedIds.includes(programme.id);
  return { kind: "faq", programme, entry, labelled: snapshot.programmes.length > 1 && owned };
}

/** Intents a fact question does not take over: they ask something else outright. */
const KEEPS_INTENT: ReadonlySet<Intent> = new Set([
  "subscribe",
  "unsubscribe",
  "language",
  "nearest",
  "cost",
  "contact",
  "organiser",
]);

/** Words showing that a text speaks of ages: "50 tuổi", "aged 50", "children under 15". */
const AGE_WORDS = /\b(tuoi|tre em|nguoi gia|cao tuoi|age|aged|years|children|child|elderly)\b/;

/** True when the audience or limits text of `programme` speaks of ages. */
export function mentionsAge(programme: Programme): boolean {
  const limits = factsOf(programme).limits;
  const texts = [programme.audience, limits].flatMap((t) => (t ? [t.vi, t.en ?? ""] : []));
  return texts.some((text) => AGE_WORDS.test(fold(text)));
}

/** Events the question is about: in the provinces it names, on the day it names, else none. */
function askedViews(u: Understanding, snapshot: CatalogueSnapshot): EventView[] {
  if (u.provinceIds.length > 0) {
    return [...new Set(u.provinceIds)].flatMap((id) => viewsInProvince(snapshot, id));
  }
  if (u.date) return viewsOnDay(snapshot, u.date);
  return [];
}

function programmesOf(views: EventView[], snapshot: CatalogueSnapshot): Programme[] {
  if (views.length === 0) return [...snapshot.programmes];
  const ids = new Set(views.map((v) => v.programme.id));
  return snapshot.programmes.filter((p) => ids.has(p.id));
}

/** What the answer to a start-time question is. */
type StartTime =
  | { kind: "events"; views: EventView[] }
  | FactTopicAnswer
  | NotKnownAnswer
  | undefined;

function answerStartTime(u: Understanding, snapshot: CatalogueSnapshot, end = false): StartTime {
  const asked = askedViews(u, snapshot);
  const named = u.provinceIds.length > 0 || u.date !== undefined;
  // A province or day with no event: the schedule answer says so.
  if (named && asked.length === 0) return undefined;
  const open = (named ? asked : upcomingViews(snapshot)).filter(
    (v) => !v.past && v.event.status !== "cancelled",
  );
  const views = open.length > 0 ? open : asked;
  const hasTime = (v: EventView) => (end ? v.event.endTime : v.event.startTime) !== undefined;
  // A named province or day whose events all have a time: their cards show it.
  if (named && views.length > 0 && views.every(hasTime)) return { kind: "events", views };
  const programmes = programmesOf(views, snapshot);
  const timed = views.filter(hasTime).slice(0, 6);
  // The programme's start-time text says nothing of when the day ends.
  if (timed.length > 0 || (!end && programmes.some((p) => factsOf(p).startTime))) {
    const topic = end ? "end_time" : "start_time";
    return { kind: "programme", topic, programmes, views: [], timed };
  }
  return { kind: "not_known", thing: end ? "end_time" : "start_time", programmes, views };
}

/** The answer to a specific-fact question, or undefined when the usual answer fits better. */
export function answerFact(
  u: Understanding,
  snapshot: CatalogueSnapshot,
): FactTopicAnswer | NotKnownAnswer | { kind: "events"; views: EventView[] } | undefined {
  const ask = u.asks;
  if (!ask || KEEPS_INTENT.has(u.intent)) return undefined;
  // "có đo huyết áp không": a listed service, not who may come ("huyết áp" as a condition).
  if (ask === "group" && u.intent === "services" && u.services?.length) return undefined;
  const asked = askedViews(u, snapshot);
  const programmes = programmesOf(asked, snapshot);
  const known = asked.length > 0 ? asked : upcomingViews(snapshot);
  switch (ask) {
    case "start_time":
    case "end_time":
      return answerStartTime(u, snapshot, ask === "end_time");
    case "bring":
      return programmes.some((p) => factsOf(p).bring)
        ? { kind: "programme", topic: "bring", programmes, views: asked }
        : { kind: "not_known", thing: "bring", programmes, views: known };
    case "group":
      return { kind: "programme", topic: "eligibility", programmes, views: asked };
    case "age":
      return programmes.some(mentionsAge)
        ? {
            kind: "programme",
            topic: "eligibility",
            programmes,
            views: asked,
            silentOnAge: programmes.filter((p) => !mentionsAge(p)).map((p) => p.id),
          }
        : { kind: "not_known", thing: "age", programmes, views: known };
    case "registration":
    case "doctor_count":
    case "parking":
      return { kind: "not_known", thing: ask, programmes, views: known };
  }
}

/** The answers coordinators should see in `/unanswered`: what Loa could not tell. */
export interface LoggableAnswer {
  kind: string;
  thing?: UnknownThing;
  focus?: "when" | "where";
  results?: readonly { views: readonly EventView[] }[];
}

/**
 * True when `answer` left the customer without what they asked: "I don't know", "not announced
 * yet: <thing>", or a venue asked for an upcoming event that has none.
 */
export function needsCoordinator(answer: LoggableAnswer): boolean {
  if (answer.kind === "unknown" || answer.kind === "not_known") return true;
  if (answer.kind !== "provinces" || answer.focus !== "where") return false;
  return (answer.results ?? []).some((r) =>
    r.views.some((v) => !v.past && v.event.status !== "cancelled" && !v.event.venueName),
  );
}
