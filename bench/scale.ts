/**
 * Scale benchmark (`npm run bench:scale`): the figures of issue 12 ("How it is measured") and,
 * with PostgreSQL backends, issue 13's side-by-side comparison, in one run. Every bot is a real
 * process (`src/main.ts`, as `npm start` runs it) against the loopback Bot API emulator, on a
 * fresh data dir or a fresh database per measurement.
 *
 * Sections (`--section=replies,lifted,broadcast,writes,memory,queries`; all by default):
 * - replies: first-reply throughput of 300 new users writing at once with 1k / 10k / 100k users
 *   already on file, at Telegram's limits (1/s per chat; 30/s for bulk notifications only).
 *   Answers/s and as a share of 30/s (goal ≥ 97% at 100k).
 * - lifted: the same kind of burst (2,000 new users; `--quick` 300) with every limit lifted,
 *   beside a bare grammY echo bot (sequential `bot.start`, its own process) against an emulator
 *   of the same run: median of 3 bursts each, and the ratio (goal ≥ 1.00).
 * - broadcast: reply latency p50/p99 of two new customers a second while a 10,000-recipient
 *   broadcast runs at 30/s (goal p99 < 2 s), the broadcast's rate as a share of 30/s (goal ≥ 97%)
 *   and the 429s the emulator answered (goal: at most the first).
 * - writes: per-write cost of one user's record with 1k / 100k / 1M users on file, through the
 *   `Storage` interface the bot uses, as ratios against 1k in the same run.
 * - memory: RSS of the bot process with N users + N subscriptions + N eligibility results on
 *   file at 1k / 100k / 1M (goal < 250 MB at 100k); 1M measured (`--quick`: estimated from the
 *   slope). With PostgreSQL this is the bot's RSS, not the database server's.
 * - queries (lowdb): what `/broadcasts` and `/stats` read with 1,000 jobs and 100,000 users.
 *
 * Flags:
 * - `--quick`: smaller sizes for a smoke run (1k/10k on file, 300 lifted, a 1,000-recipient
 *   broadcast, writes and memory at 1k/10k) — a few minutes.
 * - `--backend=lowdb|postgres|postgres2|all` (comma-separated; default lowdb): `postgres` is one
 *   instance (long polling), `postgres2` two instances in webhook mode behind a round-robin
 *   proxy, on one database. PostgreSQL needs `TEST_DATABASE_URL=postgres://…` (a role with
 *   CREATEDB): each measurement creates a fresh database there and drops it.
 * - `--broadcast=N`: recipients of the broadcast section (default 10,000; `--quick` 1,000).
 * - environment `BENCH_NODE_ARGS`: extra node flags for the bot processes, e.g.
 *   `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the bot under the bench's load.
 *
 * The full lowdb run takes about 12 minutes on a 2-core machine (the 10k broadcast alone is 5.6
 * minutes at 30/s); `--backend=all` about three times that.
 */
import { UPDATE_CONCURRENCY } from "../src/run-telegram.js";
import { type Backend, backendsOf } from "./scale/backends.js";
import {
  botMemory,
  coordinatorQueries,
  type MemoryFigure,
  perWriteCost,
} from "./scale/storage-cost.js";
import {
  type BroadcastFigure,
  echoRate,
  type FirstReplyFigure,
  firstReplies,
  liftedRate,
  latencyDuringBroadcast,
} from "./scale/throughput.js";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const backends = backendsOf(argv);
const only = argv.find((a) => a.startsWith("--section="))?.slice("--section=".length);
const wanted = (name: string) => !only || only.split(",").includes(name);
const recipients = Number(
  argv.find((a) => a.startsWith("--broadcast="))?.slice("--broadcast=".length) ??
    (quick ? 1_000 : 10_000),
);
const onFileSizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const storageSizes = quick ? [1_000, 10_000] : [1_000, 100_000, 1_000_000];
const liftedCount = quick ? 300 : 2_000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const n = (value: number) => value.toLocaleString("en");
const pct = (rate: number) => `${((rate / 30) * 100).toFixed(0)}%`;
const x = (value: number, base: number) => `${(value / base).toFixed(2)}×`;
const began = performance.now();

/** Prints a table: one row per label, one cell per backend. */
function table(title: string, head: string, rows: Array<[string, string[]]>): void {
  console.log(`\n## ${title}`);
  console.log(`${head} | ${backends.map((b) => b.label).join(" | ")}`);
  for (const [label, cells] of rows) console.log(`${label} | ${cells.join(" | ")}`);
}

/** Runs `measure` for each backend (or those `which` keeps) and size, in that order. */
async function perBackend<T>(
  sizes: readonly number[],
  measure: (backend: Backend, size: number) => Promise<T>,
  which: (backend: Backend) => boolean = () => true,
): Promise<Map<Backend, T[]>> {
  const results = new Map<Backend, T[]>();
  for (const backend of backends.filter(which)) {
    const list: T[] = [];
    for (const size of sizes) {
      console.error(`… ${backend.label}, ${n(size)}`);
      list.push(await measure(backend, size));
    }
    results.set(backend, list);
  }
  return results;
}

console.log(
  `# Scale bench (${quick ? "--quick" : "full"}; ${backends.map((b) => b.label).join(", ")}; ${new Date().toISOString()})`,
);

if (wanted("replies")) {
  const figures = await perBackend(onFileSizes, (backend, size) => firstReplies(backend, size));
  const last = onFileSizes.length - 1;
  table(
    "1. First replies: 300 new users at once, Telegram's limits (answers/s, share of 30/s, 429s, bot RSS)",
    "users on file",
    onFileSizes.map((size, i) => [
      n(size),
      backends.map((b) => {
        const f = (figures.get(b) as FirstReplyFigure[])[i] as FirstReplyFigure;
        return `${f.rate.toFixed(1)}/s = ${pct(f.rate)}, ${f.rejected429} × 429, ${mb(f.rss)}`;
      }),
    ]),
  );
  console.log(
    `goal ≥ 97% of 30/s at ${n(onFileSizes[last] as number)}: ${backends
      .map((b) => {
        const f = (figures.get(b) as FirstReplyFigure[])[last] as FirstReplyFigure;
        return `${b.label} ${f.rate / 30 >= 0.97 ? "met" : "NOT met"}`;
      })
      .join(", ")}`,
  );
}

if (wanted("lifted")) {
  console.error("… grammY echo bot");
  const echoBefore = await echoRate(liftedCount);
  const loa = await perBackend([liftedCount], (backend, count) => liftedRate(backend, count));
  console.error("… grammY echo bot again");
  const echoAfter = await echoRate(liftedCount);
  const echo = Math.max(echoBefore, echoAfter);
  table(
    `2. ${n(liftedCount)} new users at once, limits lifted (median of 3 bursts) beside a bare grammY echo bot (sequential bot.start): ${echoBefore.toFixed(0)}/s before, ${echoAfter.toFixed(0)}/s after the Loa runs; ratios against the better`,
    "bot",
    [
      [
        `Loa (durable inbox, ${UPDATE_CONCURRENCY} chats at once)`,
        backends.map((b) => {
          const rate = (loa.get(b) as number[])[0] as number;
          return `${rate.toFixed(0)}/s = ${x(rate, echo)} the echo (goal ≥ 1.00×${rate >= echo ? ", met" : ", NOT met"})`;
        }),
      ],
    ],
  );
}

if (wanted("broadcast")) {
  const figures = await perBackend([recipients], (backend, count) =>
    latencyDuringBroadcast(backend, count),
  );
  const cell = (b: Backend, show: (f: BroadcastFigure) => string) =>
    show((figures.get(b) as BroadcastFigure[])[0] as BroadcastFigure);
  table(
    `3. Replies while a ${n(recipients)}-recipient broadcast runs at 30/s (two new customers a second)`,
    "figure",
    [
      [
        "reply latency p50 / p99 (goal p99 < 2,000 ms)",
        backends.map((b) =>
          cell(b, (f) => `${f.p50.toFixed(0)} / ${f.p99.toFixed(0)} ms of ${f.replies} replies`),
        ),
      ],
      [
        "broadcast rate (goal ≥ 97% of 30/s)",
        backends.map((b) =>
          cell(
            b,
            (f) =>
              `${f.rate.toFixed(2)}/s = ${((f.rate / 30) * 100).toFixed(1)}%, ${n(f.delivered)} delivered`,
          ),
        ),
      ],
      ["429s answered (goal ≤ 1)", backends.map((b) => cell(b, (f) => String(f.rejected429)))],
    ],
  );
}

if (wanted("writes")) {
  // Writes go to the store, not through the instances: one instance stands for both.
  const figures = await perBackend(storageSizes, perWriteCost, (b) => b.instances === 1);
  table(
    "4. Per-write cost of one user's record (durable, awaited; median of 3 rounds of 200; ratio to 1k)",
    "users on file",
    storageSizes.map((size, i) => [
      n(size),
      backends.map((b) => {
        const list = figures.get(b) ?? [];
        const f = list[i];
        const base = list[0];
        if (!f || !base) return "(the store of ×1)";
        return `open ${f.openMs.toFixed(0)} ms; update ${f.update.toFixed(0)} µs (${x(f.update, base.update)}), new user ${f.insert.toFixed(0)} µs (${x(f.insert, base.insert)}), 1,000 concurrent ${f.burst.toFixed(0)} µs/write (${x(f.burst, base.burst)}), read ${f.read.toFixed(0)} µs`;
      }),
    ]),
  );
  console.log(
    "(a write is timed after the read that loads it; lowdb: a burst rewrites each touched shard once, so at 1k its ratio shows files touched, not audience size)",
  );
}

if (wanted("memory")) {
  const figures = await perBackend(storageSizes, botMemory);
  const rows: Array<[string, string[]]> = storageSizes.map((size, i) => [
    `${n(size)} of each`,
    backends.map((b) => {
      const f = (figures.get(b) as MemoryFigure[])[i] as MemoryFigure;
      return `RSS ${mb(f.rss)}, start-up ${f.startSeconds.toFixed(1)} s`;
    }),
  ]);
  if (!storageSizes.includes(1_000_000)) {
    rows.push([
      "1,000,000 of each (estimate from the slope)",
      backends.map((b) => {
        const list = figures.get(b) as MemoryFigure[];
        const first = list[0] as MemoryFigure;
        const last = list.at(-1) as MemoryFigure;
        const perUser = (last.rss - first.rss) / (last.size - first.size);
        if (perUser <= 0)
          return `no growth measured: ${mb(last.rss)} (the records stay in the store)`;
        return `about ${mb(first.rss + perUser * (1_000_000 - first.size))} (${perUser.toFixed(0)} bytes per user with a subscription and a result)`;
      }),
    ]);
  }
  table(
    "5. Bot RSS with N users + N subscriptions + N eligibility results on file",
    "on file",
    rows,
  );
  const at100k = storageSizes.indexOf(100_000);
  if (at100k >= 0) {
    console.log(
      `goal RSS < 250 MB at 100,000: ${backends
        .map((b) => {
          const f = (figures.get(b) as MemoryFigure[])[at100k] as MemoryFigure;
          return `${b.label} ${f.rss < 250 * 1024 * 1024 ? "met" : "NOT met"}`;
        })
        .join(", ")}`,
    );
  }
}

if (wanted("queries") && backends.some((b) => b.kind === "lowdb")) {
  const lowdb = backends.find((b) => b.kind === "lowdb") as Backend;
  console.log(
    "\n## 6. Coordinator queries on lowdb (1,000 finished broadcast jobs, 100,000 users)",
  );
  for (const line of await coordinatorQueries(lowdb)) console.log(line);
}

console.log(`\n(bench took ${((performance.now() - began) / 60_000).toFixed(1)} min)`);
