/** The end of a check, channel-agnostic: verdict, the matching or nearest event, what to record. */
import {
  type CatalogueSnapshot,
  type EventView,
  upcomingViews,
  viewsInProvince,
} from "../event-views.js";
import type { GeoPoint, Province } from "../types.js";
import { type Answers, type EligibilityResult, evaluate } from "./engine.js";
import type { EligibilityRules } from "./rules.js";
import type { EligibilityRecord } from "./service.js";

/** Everything a channel needs to show the result. */
export interface CheckConclusion {
  provinceId: string;
  province?: Province | undefined;
  result?: EligibilityResult | undefined;
  /** The customer's upcoming event (the one the check started from, if it is theirs). */
  event?: EventView | undefined;
  /** Without an event in their province: the nearest upcoming one. */
  nearest?: EventView | undefined;
  /** Without an upcoming event there: the latest one that already took place there. */
  past?: EventView | undefined;
  /** What to keep (the caller adds who and when). */
  record: Omit<EligibilityRecord, "userKey" | "at">;
}

function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}

/**
 * The upcoming event nearest to a province (by administrative centres), if any; only the
 * given programme's events when `programmeId` is set.
 */
export function nearestEvent(
  snapshot: CatalogueSnapshot,
  provinceId: string,
  programmeId?: string,
): EventView | undefined {
  const from = snapshot.gazetteer.get(provinceId)?.centre;
  const open = upcomingViews(snapshot).filter(
    (v) => programmeId === undefined || v.programme.id === programmeId,
  );
  if (!from) return open[0];
  let best: { view: EventView; km: number } | undefined;
  for (const view of open) {
    const centre = view.event.location ?? view.province.centre;
    const km = centre ? distanceKm(from, centre) : Number.POSITIVE_INFINITY;
    if (!best || km < best.km) best = { view, km };
  }
  return best?.view;
}

/** The answer to the rules' province step (whatever its id), or "". */
export function provinceAnswer(rules: EligibilityRules, answers: Answers): string {
  const step = rules.steps.find((s) => s.kind === "province");
  return (step && answers[step.id]) ?? "";
}

/**
 * Evaluates complete answers against the catalogue: the programme's event in the customer's
 * province (the one the check started from, if it is theirs), else the nearest upcoming one of
 * that programme and the latest one that already took place there. Pure.
 */
export function concludeCheck(
  rules: EligibilityRules,
  answers: Answers,
  snapshot: CatalogueSnapshot,
  programmeId?: string,
  startEventId?: string,
): CheckConclusion {
  const provinceId = provinceAnswer(rules, answers);
  const result = evaluate(rules, answers);
  const mine = viewsInProvince(snapshot, provinceId).filter(
    (v) => programmeId === undefined || v.programme.id === programmeId,
  );
  const local = mine.filter((v) => !v.past && v.event.status !== "cancelled");
  const event = local.find((v) => v.event.id === startEventId) ?? local[0];
  const past = event
    ? undefined
    : mine.filter((v) => v.past && v.event.status !== "cancelled").at(-1);
  return {
    provinceId,
    province: snapshot.gazetteer.get(provinceId),
    result,
    event,
    past,
    nearest: event ? undefined : nearestEvent(snapshot, provinceId, programmeId),
    record: {
      eventId: event?.event.id,
      provinceId,
      outcomeId: result?.outcomeId ?? "none",
      verdict: event ? (result?.verdict ?? "not_eligible") : "no_event_here",
    },
  };
}
