/**
 * "Where is the nearest one?": upcoming events ordered by the distance between the customer's
 * province and the event's, as the crow flies between the province centres of the seed's
 * provinces file (the event's own location only when its province has no centre). Pure.
 */
import { type CatalogueSnapshot, type EventView, upcomingViews } from "./event-views.js";
import type { GeoPoint } from "./types.js";

/** An upcoming event and how far it is from the customer's province centre. */
export interface NearbyEvent {
  view: EventView;
  /** Kilometres as the crow flies; undefined when a centre is missing from the data. */
  km?: number | undefined;
}

/** Great-circle distance in kilometres. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}

/**
 * Upcoming (not past, not cancelled) events by distance from `provinceId`, nearest first; at
 * the same distance the sooner one first. Without a known centre: soonest first, no distance.
 */
export function eventsByDistance(snapshot: CatalogueSnapshot, provinceId: string): NearbyEvent[] {
  const from = snapshot.gazetteer.get(provinceId)?.centre;
  const open = upcomingViews(snapshot);
  if (!from) return open.map((view) => ({ view }));
  return open
    .map((view) => {
      // Province centres, as the customer thinks of it; two events in one province tie and the
      // sooner comes first.
      const centre = view.province.centre ?? view.event.location;
      return { view, km: centre ? distanceKm(from, centre) : undefined };
    })
    .sort((a, b) => (a.km ?? Number.POSITIVE_INFINITY) - (b.km ?? Number.POSITIVE_INFINITY));
}

/**
 * The nearest upcoming event of each programme in `snapshot` (those with one), nearest first:
 * with two programmes loaded and none named, the customer sees the closest of each.
 */
export function nearestPerProgramme(
  snapshot: CatalogueSnapshot,
  provinceId: string,
): NearbyEvent[] {
  const seen = new Set<string>();
  const out: NearbyEvent[] = [];
  for (const nearby of eventsByDistance(snapshot, provinceId)) {
    if (seen.has(nearby.view.programme.id)) continue;
    seen.add(nearby.view.programme.id);
    out.push(nearby);
  }
  return out;
}
