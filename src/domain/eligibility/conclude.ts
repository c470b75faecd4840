/** The end of a check, channel-agnostic: verdict, the matching or nearest event, what to record. */
import { type CatalogueSnapshot, type EventView, viewsInProvince } from "../event-views.js";
import { eventsByDistance } from "../nearest.js";
import type { Province } from "../types.js";
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

/**
 * The upcoming event nearest to a province (by province centres), if any; only the given
 * programme's events when `programmeId` is set.
 */
export function nearestEvent(
  snapshot: CatalogueSnapshot,
  provinceId: string,
  programmeId?: string,
): EventView | undefined {
  return eventsByDistance(snapshot, provinceId).find(
    (nearby) => programmeId === undefined || nearby.view.programme.id === programmeId,
  )?.view;
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
