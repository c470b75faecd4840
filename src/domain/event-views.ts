/** Read-side views of events: what a customer needs to see, computed for a given day. */
import { daysBetween } from "./calendar.js";
import type { Gazetteer } from "./gazetteer.js";
import type { DayMonth } from "./text/dates.js";
import type { CommunityEvent, IsoDate, Programme, Province } from "./types.js";

/** An event with everything needed to show it, relative to `today`. */
export interface EventView {
  event: CommunityEvent;
  programme: Programme;
  /** The province as the programme names it (may be a former province). */
  province: Province;
  /** The current unit, when it differs from {@link province} (e.g. Quảng Bình → Quảng Trị). */
  currentProvince?: Province | undefined;
  /** Days from today to the event; negative when past. */
  daysLeft: number;
  past: boolean;
}

/** What event queries need: the catalogue and "today" in Vietnam. */
export interface CatalogueSnapshot {
  events: readonly CommunityEvent[];
  programmes: readonly Programme[];
  gazetteer: Gazetteer;
  today: IsoDate;
}

/** Builds the view of one event, or undefined when its programme or province is unknown. */
export function viewOf(event: CommunityEvent, snapshot: CatalogueSnapshot): EventView | undefined {
  const programme = snapshot.programmes.find((p) => p.id === event.programmeId);
  const province = snapshot.gazetteer.get(event.provinceId);
  if (!programme || !province) return undefined;
  const current = snapshot.gazetteer.currentOf(province.id);
  const daysLeft = daysBetween(snapshot.today, event.date);
  return {
    event,
    programme,
    province,
    currentProvince: current && current.id !== province.id ? current : undefined,
    daysLeft,
    past: daysLeft < 0,
  };
}

/** Views of all events, soonest first (by date). */
export function allViews(snapshot: CatalogueSnapshot): EventView[] {
  return snapshot.events
    .map((event) => viewOf(event, snapshot))
    .filter((view): view is EventView => view !== undefined)
    .sort((a, b) => a.event.date.localeCompare(b.event.date));
}

/** Events that are not over and not cancelled. */
export function upcomingViews(snapshot: CatalogueSnapshot): EventView[] {
  return allViews(snapshot).filter((view) => !view.past && view.event.status !== "cancelled");
}

/**
 * Events in the same current province as `provinceId`: asking for Quảng Trị finds the
 * Quảng Bình event, and asking for Quảng Bình finds it too.
 */
export function viewsInProvince(snapshot: CatalogueSnapshot, provinceId: string): EventView[] {
  const target = snapshot.gazetteer.currentOf(provinceId)?.id ?? provinceId;
  return allViews(snapshot).filter(
    (view) => (snapshot.gazetteer.currentOf(view.province.id)?.id ?? view.province.id) === target,
  );
}

/**
 * Events on a day. Without a year, the occurrence nearest to today wins, so "8/9" means
 * this programme's 8 September, not a date years away. Month 0 ("mùng 8" with no month) matches
 * that day of any month, nearest first.
 */
export function viewsOnDay(snapshot: CatalogueSnapshot, day: DayMonth): EventView[] {
  const matching = allViews(snapshot).filter((view) => {
    const [year, month, date] = view.event.date.split("-").map(Number);
    if ((day.month !== 0 && month !== day.month) || date !== day.day) return false;
    return day.year === undefined || day.year === year;
  });
  if (day.year !== undefined || matching.length <= 1) return matching;
  const nearest = Math.min(...matching.map((view) => Math.abs(view.daysLeft)));
  const prefix = matching
    .find((view) => Math.abs(view.daysLeft) === nearest)
    ?.event.date.slice(0, day.month === 0 ? 7 : 4);
  return matching.filter((view) => view.event.date.startsWith(`${prefix}`));
}
