/**
 * chrono-node (its Vietnamese and English parsers) against Loa's own time understanding
 * (`src/domain/text/time.ts`, `dates.ts`) on the time and date questions of the understanding
 * corpus, with the bot clock of each seed as the reference instant.
 *
 * Both sides go through the same steps: the parser gives a span of days (a day, a week, a
 * month…), and the answer is the upcoming events in that span, compared with the corpus's
 * expected events. Nothing parsed → the whole upcoming list (what the bot would show). chrono
 * returns instants, not spans: a match certain of its day is that day, one certain only of its
 * month is that month, and a match whose text names a week or a weekend is widened to that
 * week (Monday-based) or weekend, which gives chrono its best reading. "Đợt tiếp theo" and
 * "sau <tỉnh>" depend on the events: Loa resolves them from the catalogue; chrono has no such
 * notion. The last column is Loa's full pipeline (understand → answer), as in the bot.
 * Run: npm run eval:chrono
 */
import * as chrono from "chrono-node";
import { type Answer, answer } from "../src/domain/answers.js";
import { addDays, vietnamDateOf, weekdayOf } from "../src/domain/calendar.js";
import {
  allViews,
  type CatalogueSnapshot,
  upcomingViews,
  viewsOnDay,
} from "../src/domain/event-views.js";
import { createGazetteer } from "../src/domain/gazetteer.js";
import { type DateRange, resolveWindow } from "../src/domain/text/time.js";
import type { Understanding } from "../src/domain/understanding/intents.js";
import { understand } from "../src/domain/understanding/understand.js";
import { loadSeed } from "../src/storage/seed.js";
import { type Case, HELD_OUT, type SeedName, TUNING } from "./understanding-corpus.js";

const SEEDS: Record<SeedName, { dir: string; clock: string }> = {
  V: { dir: "data", clock: "2013-10-30T09:00:00+07:00" },
  T: { dir: "test/fixtures/seeds/two-programmes-2027", clock: "2027-02-27T09:00:00+07:00" },
  E: { dir: "test/fixtures/seeds/eye-care-2027", clock: "2027-02-27T09:00:00+07:00" },
  F: { dir: "test/fixtures/seeds/farm-2027", clock: "2027-02-27T09:00:00+07:00" },
};

/** What a parser says about the time of a question. */
type Reading =
  | { kind: "span"; range: DateRange }
  /** A set of events decided from the catalogue (next one, after a province, a day). */
  | { kind: "events"; ids: string[] }
  | { kind: "nothing" };

function monthSpan(year: number, month: number): DateRange {
  const from = `${year}-${String(month).padStart(2, "0")}-01`;
  const next =
    month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
  return { from, to: addDays(next, -1) };
}

function weekSpan(day: string, weekendOnly: boolean): DateRange {
  const monday = addDays(day, 1 - weekdayOf(day));
  return weekendOnly
    ? { from: addDays(monday, 5), to: addDays(monday, 6) }
    : { from: monday, to: addDays(monday, 6) };
}

const WEEKEND = /cuối tuần|cuoi tuan|weekend/i;
const WEEK = /tuần|tuan|week/i;

/** chrono's reading of `text` with `parser` at `instant` (Vietnam time). */
function chronoReading(
  parser: { parse: typeof chrono.parse },
  text: string,
  instant: Date,
): Reading {
  const [first] = parser.parse(text, { instant, timezone: 420 }, { forwardDate: true });
  if (!first) return { kind: "nothing" };
  const start = vietnamDateOf(first.start.date());
  // The question's own words around the match ("cuối tuần này" parsed as "tuần này").
  const words = `${text}`;
  if (WEEKEND.test(words) && WEEK.test(first.text + words)) {
    return { kind: "span", range: weekSpan(start, true) };
  }
  if (WEEK.test(first.text)) return { kind: "span", range: weekSpan(start, false) };
  if (first.end)
    return { kind: "span", range: { from: start, to: vietnamDateOf(first.end.date()) } };
  if (first.start.isCertain("day") || first.start.isCertain("weekday")) {
    return { kind: "span", range: { from: start, to: start } };
  }
  if (first.start.isCertain("month")) {
    const [year, month] = start.split("-").map(Number) as [number, number];
    return { kind: "span", range: monthSpan(year, month) };
  }
  return { kind: "span", range: { from: start, to: start } };
}

/** Loa's reading: the time entities `understand` found, resolved the way the answers do. */
function loaReading(u: Understanding, snapshot: CatalogueSnapshot): Reading {
  if (u.date) return { kind: "events", ids: viewsOnDay(snapshot, u.date).map((v) => v.event.id) };
  if (u.relativeDay) {
    const shift = { today: 0, tomorrow: 1, day_after_tomorrow: 2 }[u.relativeDay];
    const day = addDays(snapshot.today, shift);
    return { kind: "span", range: { from: day, to: day } };
  }
  if (u.window) {
    const range = resolveWindow(u.window, snapshot.today);
    if (range) return { kind: "span", range };
    // "next" / "after <tỉnh>": decided from the catalogue, as the answer does.
    return { kind: "events", ids: shownIds(answer({ ...u, intent: "list_events" }, snapshot)) };
  }
  if (u.month !== undefined) {
    const [year, month] = snapshot.today.split("-").map(Number) as [number, number];
    return { kind: "span", range: monthSpan(u.month < month ? year + 1 : year, u.month) };
  }
  return { kind: "nothing" };
}

function shownIds(a: Answer): string[] {
  if (a.kind === "provinces") return a.results.flatMap((r) => r.views.map((v) => v.event.id));
  if (a.kind === "day" || a.kind === "event_list") return a.views.map((v) => v.event.id);
  return [];
}

/** The events a reading shows. */
function eventsOf(reading: Reading, snapshot: CatalogueSnapshot): string[] {
  if (reading.kind === "events") return reading.ids;
  if (reading.kind === "nothing") return upcomingViews(snapshot).map((v) => v.event.id);
  const { from, to } = reading.range;
  // A single day shows what is on that day, past or not (as "hôm nay có không" does).
  const pool = from === to ? allViews(snapshot) : upcomingViews(snapshot);
  return pool
    .filter((v) => v.event.date >= from && v.event.date <= to && v.event.status !== "cancelled")
    .map((v) => v.event.id);
}

const same = (got: string[], want: string[]) =>
  got.length === want.length && want.every((id) => got.includes(id));

async function main() {
  const verbose = process.argv.includes("--verbose");
  const snapshots = new Map<SeedName, CatalogueSnapshot>();
  for (const [name, { dir, clock }] of Object.entries(SEEDS) as [SeedName, (typeof SEEDS)["V"]][]) {
    const seed = await loadSeed(dir);
    snapshots.set(name, {
      events: seed.events,
      programmes: seed.programmes,
      gazetteer: createGazetteer(seed.provinces),
      today: vietnamDateOf(new Date(clock)),
    });
  }
  const timeCases = (part: readonly Case[]) =>
    part.filter(
      ([, , expected, category, prev]: Case) =>
        !prev && (category === "time" || expected.startsWith("d:")),
    );
  const heldOut = new Set(timeCases(HELD_OUT));
  const cases = [...timeCases(TUNING), ...heldOut];
  const parsers = {
    "chrono vi": (text: string, at: Date) => chronoReading(chrono.vi, text, at),
    "chrono en": (text: string, at: Date) => chronoReading(chrono.en, text, at),
    "chrono vi→en": (text: string, at: Date) => {
      const vi = chronoReading(chrono.vi, text, at);
      return vi.kind === "nothing" ? chronoReading(chrono.en, text, at) : vi;
    },
  };
  const tally = new Map<string, number>();
  const heldTally = new Map<string, number>();
  let inHeld = false;
  const hit = (name: string, ok: boolean) => {
    tally.set(name, (tally.get(name) ?? 0) + (ok ? 1 : 0));
    if (inHeld) heldTally.set(name, (heldTally.get(name) ?? 0) + (ok ? 1 : 0));
  };
  for (const c of cases) {
    const [seed, text, expected] = c;
    inHeld = heldOut.has(c);
    const snapshot = snapshots.get(seed);
    if (!snapshot) continue;
    const at = new Date(SEEDS[seed].clock);
    const want = (expected.split(":")[1] ?? "").split(",").filter(Boolean);
    const u = understand(text, snapshot.gazetteer, snapshot.programmes);
    const row: string[] = [];
    const record = (name: string, got: string[]) => {
      const ok = same(got, want);
      hit(name, ok);
      row.push(`${name}: ${ok ? "✓" : `✗ ${got.join(",") || "—"}`}`);
    };
    for (const [name, parse] of Object.entries(parsers))
      record(name, eventsOf(parse(text, at), snapshot));
    record("Loa parser", eventsOf(loaReading(u, snapshot), snapshot));
    record("Loa pipeline", shownIds(answer(u, snapshot)));
    if (verbose)
      console.log(`[${seed}] ${text} (want ${want.join(",") || "none"})\n   ${row.join(" | ")}`);
  }
  const pct = (right: number, all: number) =>
    `${right}/${all} (${all ? Math.round((100 * right) / all) : 0}%)`;
  console.log(
    `time and date questions of the corpus: ${cases.length} (held-out: ${heldOut.size}); clock = each seed's bot clock`,
  );
  console.log(`  ${"parser".padEnd(13)} all          held-out`);
  for (const [name, right] of tally) {
    console.log(
      `  ${name.padEnd(13)} ${pct(right, cases.length).padEnd(12)} ${pct(heldTally.get(name) ?? 0, heldOut.size)}`,
    );
  }
}

await main();
