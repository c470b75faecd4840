/**
 * Turns an understood question into an answer: data and a kind, never UI text.
 * The bot (or any other channel) renders it in the user's language.
 */
import { addDays } from "./calendar.js";
import {
  allViews,
  type CatalogueSnapshot,
  type EventView,
  upcomingViews,
  viewsInProvince,
  viewsOnDay,
} from "./event-views.js";
import {
  answerFact,
  answerFaq,
  missingTopic,
  type FactTopic,
  type FaqAnswer,
  type NotKnownAnswer,
} from "./fact-answers.js";
import { eventsByDistance, type NearbyEvent, nearestPerProgramme } from "./nearest.js";
import type { DayMonth } from "./text/dates.js";
import { type DateRange, resolveWindow } from "./text/time.js";
import type { Province, Programme } from "./types.js";
import type { ServiceRef } from "./understanding/facts.js";
import type { Intent, Understanding } from "./understanding/intents.js";

/** A province as the customer named it, with the current unit when the name is a former one. */
export interface ProvinceRef {
  province: Province;
  /** Set when the named province is a former one now part of another unit. */
  current?: Province | undefined;
  /** Former provinces merged into the named (current) one, e.g. Quảng Trị ← Quảng Bình. */
  merged: Province[];
}

/** Topics answered from the programme description: the intents of that name. */
export type ProgrammeTopic = Extract<
  Intent,
  "services" | "cost" | "doctors" | "about" | "organiser" | "contact" | "eligibility"
>;

/** Results for one province the customer asked about. */
export interface ProvinceResult {
  place: ProvinceRef;
  /** Events there, soonest first; empty when the programme does not go there. */
  views: EventView[];
  /** Without events there: the nearest upcoming one elsewhere. */
  nearest?: NearbyEvent | undefined;
}

/** What the bot should say. */
export type Answer =
  | { kind: "greeting" | "thanks" | "goodbye" | "help" | "language" }
  | { kind: "unknown"; provinceIds: string[] }
  | {
      kind: "programme";
      topic: ProgrammeTopic | FactTopic;
      programmes: Programme[];
      views: EventView[];
      /** For "is <service> included?": the listed services it names (none: not listed). */
      included?: ServiceRef[] | undefined;
      /** For a start- or end-time question: the events asked about that have their own time. */
      timed?: EventView[] | undefined;
      /** For an age question: the programmes whose audience and limits say nothing of ages. */
      silentOnAge?: string[] | undefined;
    }
  | FaqAnswer
  | NotKnownAnswer
  | {
      kind: "event_list";
      views: EventView[];
      /** The programmes the question named; empty or absent means all loaded ones. */
      named?: Programme[] | undefined;
      /** True when several programmes are loaded: every line names its programme. */
      labelled?: boolean | undefined;
      month?: number | undefined;
      /** True when nothing is upcoming and the list shows past events instead. */
      onlyPast: boolean;
      /** The window asked about ("next week"), when the list is exactly the events in it. */
      range?: DateRange | undefined;
      /** The first event after the window, when the window has none. */
      next?: EventView | undefined;
    }
  | {
      kind: "provinces";
      focus: "when" | "where";
      results: ProvinceResult[];
      /** Where the programme does go, for provinces without an event. */
      elsewhere: EventView[];
      /** A day the customer guessed ("Nghệ An ngày 10/9 hả?"), when it is not that province's. */
      wrongDay?: DayMonth | undefined;
      named?: Programme[] | undefined;
      labelled?: boolean | undefined;
    }
  | {
      kind: "day";
      focus: "when" | "where";
      day: DayMonth;
      views: EventView[];
      elsewhere: EventView[];
      named?: Programme[] | undefined;
      labelled?: boolean | undefined;
    }
  | { kind: "subscribe" | "unsubscribe"; provinceIds: string[] }
  | {
      kind: "nearest";
      /** The customer's province; absent when they did not say which (the bot asks). */
      origin?: ProvinceRef | undefined;
      /** With an origin: the nearest upcoming event of each programme in scope, nearest first.
       * Without: the upcoming events, soonest first. */
      nearby: NearbyEvent[];
      /** Upcoming events in the customer's province that were cancelled. */
      cancelledHere?: EventView[] | undefined;
      named?: Programme[] | undefined;
      labelled?: boolean | undefined;
    };

/** Below this confidence the question counts as not understood. */
export const MIN_CONFIDENCE = 0.5;

/** Describes a province the way customers need it: old and new names. */
export function provinceRef(
  snapshot: CatalogueSnapshot,
  provinceId: string,
): ProvinceRef | undefined {
  const province = snapshot.gazetteer.get(provinceId);
  if (!province) return undefined;
  const current = snapshot.gazetteer.currentOf(province.id);
  const merged = province.current
    ? province.formerIds
        .filter((id) => id !== province.id)
        .map((id) => snapshot.gazetteer.get(id))
        .filter((p): p is Province => p !== undefined)
    : [];
  return { province, current: current && current.id !== province.id ? current : undefined, merged };
}

/** Upcoming events, or when none is upcoming, every event (all past). */
function upcomingOrAll(snapshot: CatalogueSnapshot): EventView[] {
  const upcoming = upcomingViews(snapshot);
  return upcoming.length > 0 ? upcoming : allViews(snapshot);
}

function relevantProgrammes(snapshot: CatalogueSnapshot, views: EventView[]): Programme[] {
  const ids = new Set(views.map((view) => view.programme.id));
  const programmes = snapshot.programmes.filter((p) => ids.has(p.id));
  return programmes.length > 0 ? programmes : [...snapshot.programmes];
}

function dayFromRelative(u: Understanding, snapshot: CatalogueSnapshot): DayMonth | undefined {
  if (u.date) return u.date;
  if (!u.relativeDay) return undefined;
  const shift = { today: 0, tomorrow: 1, day_after_tomorrow: 2 }[u.relativeDay];
  const [year, month, day] = addDays(snapshot.today, shift).split("-").map(Number);
  return { day: day ?? 1, month: month ?? 1, year: year ?? 1970 };
}

/**
 * The catalogue narrowed to the programmes `u` names (all of them when it names none), and
 * those programmes.
 */
export function scopeToProgrammes(
  u: Understanding,
  snapshot: CatalogueSnapshot,
): { scoped: CatalogueSnapshot; named: Programme[] } {
  const ids = new Set(u.programmeIds ?? []);
  const named = snapshot.programmes.filter((p) => ids.has(p.id));
  if (named.length === 0) return { scoped: snapshot, named: [] };
  return {
    scoped: {
      ...snapshot,
      programmes: named,
      events: snapshot.events.filter((event) => ids.has(event.programmeId)),
    },
    named,
  };
}

/** Answers `u` from the catalogue in `snapshot`. Pure. */
export function answer(u: Understanding, full: CatalogueSnapshot): Answer {
  const { scoped: snapshot, named } = scopeToProgrammes(u, full);
  const labels = { named, labelled: full.programmes.length > 1 };
  const taught = u.faq && answerFaq(u.faq, full, u.programmeIds);
  if (taught) return taught;
  const fact = answerFact(u, snapshot);
  if (fact?.kind === "events") {
    if (u.provinceIds.length === 0 && !u.date) {
      return { kind: "event_list", views: fact.views, onlyPast: false, ...labels };
    }
    return { ...answerSchedule({ ...u, intent: "when" }, snapshot), ...labels } as Answer;
  }
  if (fact) return fact;
  if (u.intent === "unknown" || u.confidence < MIN_CONFIDENCE) {
    return { kind: "unknown", provinceIds: u.provinceIds };
  }
  switch (u.intent) {
    case "greeting":
    case "thanks":
    case "goodbye":
    case "help":
    case "language":
      return { kind: u.intent };
    case "subscribe":
    case "unsubscribe":
      return { kind: u.intent, provinceIds: u.provinceIds };
    case "services":
    case "cost":
    case "doctors":
    case "about":
    case "organiser":
    case "contact":
    case "eligibility": {
      const views = u.provinceIds.flatMap((id) => viewsInProvince(snapshot, id));
      const scope = views.length > 0 ? views : upcomingOrAll(snapshot);
      const programmes = relevantProgrammes(snapshot, scope);
      if (u.intent === "services" && u.services) {
        // "có cấp kính không": the lines it names, of the programmes asked about.
        const ids = new Set(programmes.map((p) => p.id));
        const included = u.services.filter((ref) => ids.has(ref.programmeId));
        const having = programmes.filter((p) => included.some((ref) => ref.programmeId === p.id));
        return {
          kind: "programme",
          topic: "services",
          programmes: having.length > 0 ? having : programmes,
          views,
          included,
        };
      }
      const missing = missingTopic(u.intent, programmes);
      if (missing) {
        const known = views.length > 0 ? views : upcomingViews(snapshot);
        return { kind: "not_known", thing: missing, programmes, views: known };
      }
      return { kind: "programme", topic: u.intent, programmes, views };
    }
    case "list_events":
    case "when":
    case "where":
      return { ...answerSchedule(u, snapshot), ...labels } as Answer;
    case "nearest":
      return answerNearest(u, snapshot, labels);
  }
}

/**
 * "Tôi ở Sơn La, chỗ nào gần nhất?": the nearest upcoming event of each programme in scope. A
 * province that has an upcoming event of its own gets its schedule instead.
 */
function answerNearest(
  u: Understanding,
  snapshot: CatalogueSnapshot,
  labels: { named: Programme[]; labelled: boolean },
): Answer {
  const id = u.provinceIds[0];
  const origin = id ? provinceRef(snapshot, id) : undefined;
  if (!id || !origin) {
    return {
      kind: "nearest",
      nearby: upcomingViews(snapshot).map((view) => ({ view })),
      ...labels,
    };
  }
  const here = viewsInProvince(snapshot, id).filter((v) => !v.past);
  const own = here.some((v) => v.event.status !== "cancelled");
  if (own)
    return {
      ...answerSchedule({ ...u, intent: "when", window: undefined }, snapshot),
      ...labels,
    } as Answer;
  const cancelledHere = here.filter((v) => v.event.status === "cancelled");
  return {
    kind: "nearest",
    origin,
    nearby: nearestPerProgramme(snapshot, id),
    ...(cancelledHere.length > 0 ? { cancelledHere } : {}),
    ...labels,
  };
}

/** Events in the window `u` names: exactly those, or none and the next one after it. */
function answerWindow(u: Understanding, snapshot: CatalogueSnapshot): Answer | undefined {
  const window = u.window;
  if (!window) return undefined;
  const upcoming = upcomingViews(snapshot);
  if (window.kind === "next") {
    return { kind: "event_list", views: upcoming.slice(0, 1), onlyPast: false };
  }
  if (window.kind === "after") {
    const here = u.provinceIds.flatMap((id) => viewsInProvince(snapshot, id));
    const last = here.filter((v) => v.event.status !== "cancelled").at(-1) ?? here.at(-1);
    if (!last) return undefined;
    const next = allViews(snapshot).find(
      (v) =>
        v.event.date > last.event.date &&
        v.programme.id === last.programme.id &&
        v.event.status !== "cancelled",
    );
    return { kind: "event_list", views: next ? [next] : [], onlyPast: false };
  }
  const range = resolveWindow(window, snapshot.today);
  if (!range) return undefined;
  const views = upcoming.filter((v) => v.event.date >= range.from && v.event.date <= range.to);
  const next = views.length === 0 ? upcoming.find((v) => v.event.date > range.to) : undefined;
  return { kind: "event_list", views, onlyPast: false, range, next };
}

function answerSchedule(u: Understanding, snapshot: CatalogueSnapshot): Answer {
  const focus = u.intent === "where" ? "where" : "when";
  if (u.window && (u.provinceIds.length === 0 || u.window.kind === "after")) {
    const windowed = answerWindow(u, snapshot);
    if (windowed) return windowed;
  }
  if (u.provinceIds.length > 0) {
    const results = unique(u.provinceIds)
      .map((id) => provinceRef(snapshot, id))
      .filter((ref): ref is ProvinceRef => ref !== undefined)
      .map((place) => {
        const views = viewsInProvince(snapshot, place.province.id);
        // "Tôi ở Yên Bái": no event there, so the closest one is worth naming.
        const nearest =
          views.length === 0 ? eventsByDistance(snapshot, place.province.id)[0] : undefined;
        return { place, views, ...(nearest ? { nearest } : {}) };
      });
    const elsewhere = results.some((r) => r.views.length === 0) ? upcomingOrAll(snapshot) : [];
    const guessed = u.date;
    const wrongDay =
      guessed &&
      results.some((r) => r.views.length > 0) &&
      !results.some((r) =>
        r.views.some((v) => {
          const [, month, day] = v.event.date.split("-").map(Number);
          return day === guessed.day && (guessed.month === 0 || month === guessed.month);
        }),
      )
        ? guessed
        : undefined;
    return { kind: "provinces", focus, results, elsewhere, ...(wrongDay ? { wrongDay } : {}) };
  }
  const day = dayFromRelative(u, snapshot);
  if (day) {
    const views = viewsOnDay(snapshot, day);
    return {
      kind: "day",
      focus,
      day,
      views,
      elsewhere: views.length ? [] : upcomingOrAll(snapshot),
    };
  }
  let views =
    u.timeframe === "past" || u.timeframe === "all" ? allViews(snapshot) : upcomingViews(snapshot);
  if (u.timeframe === "past") views = views.filter((view) => view.past);
  let onlyPast = false;
  if (views.length === 0 && u.timeframe !== "past") {
    views = allViews(snapshot);
    onlyPast = true;
  }
  if (u.month !== undefined) {
    const month = u.month;
    views = views.filter((view) => Number(view.event.date.slice(5, 7)) === month);
  }
  return { kind: "event_list", views, month: u.month, onlyPast };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
