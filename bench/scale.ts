/**
 * Scale benchmark (`npm run bench:scale [-- --full]`). One function per section, so sections
 * can be added beside these (throughput and latency through the emulator).
 *
 * - Storage: per-write cost of one user's record with 1k / 100k / 1M users on file, as a ratio
 *   against 1k in the same run (sequential durable writes of existing and new users, and a
 *   burst of concurrent writes that group commit joins).
 * - Memory: RSS of the real bot process (`src/main.ts` against the loopback emulator) with N
 *   users, N subscriptions and N eligibility results on file, after it answered a question;
 *   1k and 100k measured, 1M estimated from the slope (`--full` measures it).
 * - Coordinator queries: `/broadcasts`' and `/stats`' storage reads with 1,000 finished jobs and
 *   100,000 users.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EligibilityRecord } from "../src/domain/eligibility/service.js";
import type { Subscription, UserProfile } from "../src/domain/ports.js";
import { TelegramEmulator } from "../src/emulator/telegram-emulator.js";
import { openLowdbStorage } from "../src/storage/lowdb-storage.js";
import { createCollectionInPasses } from "../src/storage/shard-bulk.js";
import { openUserRepository } from "../src/storage/user-repository.js";
import { spawnBot } from "../test/support/bot-process.js";

const full = process.argv.includes("--full");
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;

const profileOf = (i: number): UserProfile => ({
  key: `telegram:${100_000_000 + i}`,
  channel: "telegram",
  chatId: String(100_000_000 + i),
  name: `Người dùng ${i}`,
  lang: i % 5 === 0 ? "en" : "vi",
  firstSeen: "2013-10-20T02:00:00.000Z",
  lastSeen: "2013-10-29T02:00:00.000Z",
});

function* users(count: number): Iterable<[string, UserProfile]> {
  for (let i = 0; i < count; i++) {
    const user = profileOf(i);
    yield [user.key, user];
  }
}

function* subscriptions(count: number): Iterable<[string, Subscription[]]> {
  for (let i = 0; i < count; i++) {
    const key = profileOf(i).key;
    yield [
      key,
      [
        {
          userKey: key,
          kind: i % 2 ? "event" : "province",
          target: i % 2 ? "hg13" : "ha-giang",
          lang: "vi",
          createdAt: "2013-10-29T02:00:00.000Z",
        },
      ],
    ];
  }
}

function* results(count: number): Iterable<[string, EligibilityRecord]> {
  for (let i = 0; i < count; i++) {
    const key = profileOf(i).key;
    yield [
      key,
      {
        userKey: key,
        eventId: "hg13",
        provinceId: "ha-giang",
        outcomeId: "full",
        verdict: i % 3 ? "eligible" : "not_eligible",
        at: "2013-10-29T02:00:00.000Z",
      },
    ];
  }
}

/** Writes `count` users (and optionally subscriptions and results) as a data dir would hold. */
async function populate(dir: string, count: number, everything: boolean): Promise<void> {
  const passes = Math.max(1, Math.ceil(count / 200_000));
  await createCollectionInPasses(join(dir, "users"), count, () => users(count), 64, passes);
  if (!everything) return;
  await createCollectionInPasses(
    join(dir, "subscriptions"),
    count,
    () => subscriptions(count),
    64,
    passes,
  );
  await createCollectionInPasses(join(dir, "eligibility"), count, () => results(count), 64, passes);
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "loa-bench-scale-"));
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Section: per-write cost of one user's record at each size. */
export async function perWriteCost(sizes: readonly number[]): Promise<void> {
  console.log("\n## Per-write cost of one user's record (durable, awaited; median of 3 rounds)");
  console.log(
    "users on file | shards | open (read+check all) | update existing | add new | burst of 1,000 concurrent (per write) | read of a random user (shard not cached)",
  );
  let base: { update: number; insert: number; burst: number } | undefined;
  let baseRead: number | undefined;
  for (const size of sizes) {
    const dir = await tempDir();
    try {
      await populate(dir, size, false);
      const opened = performance.now();
      const repo = await openUserRepository(dir);
      const openMs = performance.now() - opened;
      const shards = (await readdir(join(dir, "users"))).filter((n) => /^\d+\.json$/.test(n));
      const writes = 200;
      const updates: number[] = [];
      const reads: number[] = [];
      const inserts: number[] = [];
      const bursts: number[] = [];
      for (let round = 0; round < 3; round++) {
        // As in the bot: the update's first read loads the user's shard, then the write.
        let writing = 0;
        let reading = 0;
        for (let i = 0; i < writes; i++) {
          const n = Math.floor(Math.random() * size);
          const key = profileOf(n).key;
          let started = performance.now();
          await repo.get(key);
          reading += performance.now() - started;
          started = performance.now();
          await repo.upsert(key, (u) => ({
            ...(u ?? profileOf(n)),
            lastSeen: new Date().toISOString(),
          }));
          writing += performance.now() - started;
        }
        updates.push((writing * 1000) / writes);
        reads.push((reading * 1000) / writes);
        let adding = 0;
        for (let i = 0; i < writes; i++) {
          const user = profileOf(size + round * writes + i);
          await repo.get(user.key);
          const started = performance.now();
          await repo.upsert(user.key, () => user);
          adding += performance.now() - started;
        }
        inserts.push((adding * 1000) / writes);
        const started = performance.now();
        await Promise.all(
          Array.from({ length: 1000 }, (_, i) => {
            const n = (i * 7919 + round) % size;
            return repo.upsert(profileOf(n).key, (u) => ({
              ...(u ?? profileOf(n)),
              name: `B${i}`,
            }));
          }),
        );
        bursts.push(performance.now() - started);
      }
      const update = median(updates);
      const read = median(reads);
      const insert = median(inserts);
      const burst = median(bursts);
      baseRead ??= read;
      base ??= { update, insert, burst };
      console.log(
        `${size.toLocaleString("en")} | ${shards.length.toLocaleString("en")} | ${openMs.toFixed(0)} ms | ${update.toFixed(0)} µs (${ratio(update, base.update)}) | ${insert.toFixed(0)} µs (${ratio(insert, base.insert)}) | ${burst.toFixed(0)} µs (${ratio(burst, base.burst)}) | ${read.toFixed(0)} µs (${ratio(read, baseRead)})`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.log(
    "(a write is timed after the read that loads its shard, as the bot reads a profile before updating it; a burst rewrites each touched shard once: at 1k users 1,000 writes share 16 files, so its ratio shows files touched, not audience size; reads of random users miss the 128-shard cache at 100k and 1M)",
  );
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

/** Section: RSS of the real bot process with N users, subscriptions and results on file. */
export async function botMemory(sizes: readonly number[]): Promise<void> {
  console.log("\n## RSS of the bot process (N users + N subscriptions + N eligibility results)");
  const measured: Array<{ size: number; rss: number }> = [];
  for (const size of sizes) {
    const dir = await tempDir();
    const emulator = new TelegramEmulator({ token: "42:SCALE", recordCalls: false });
    const apiRoot = await emulator.start();
    try {
      await populate(dir, size, true);
      const started = performance.now();
      const bot = spawnBot({
        BOT_TOKEN: emulator.token,
        TELEGRAM_API_ROOT: apiRoot,
        DATA_DIR: dir,
        BOT_CLOCK: "2013-10-30T09:00:00+07:00",
        LOG_LEVEL: "info",
      });
      try {
        await bot.waitForOutput(/bot started/, 600_000);
        const startSeconds = (performance.now() - started) / 1000;
        // A user on file asks, then someone new: the answer path reads and writes the shards.
        for (const id of [100_000_001, 7]) {
          emulator.addUser({ id, first_name: "Hoa", language_code: "vi" });
          const reply = emulator.waitForBotMessage(id);
          emulator.sendText(id, "ha giang ngay nao");
          await reply;
        }
        const rss = await rssOf(bot.child.pid ?? 0);
        measured.push({ size, rss });
        const base = measured[0]?.rss ?? rss;
        console.log(
          `${size.toLocaleString("en")} of each: RSS ${mb(rss)} (${ratio(rss, base)} of 1k), start-up ${startSeconds.toFixed(1)} s`,
        );
      } finally {
        bot.kill("SIGTERM");
        await bot.exited;
      }
    } finally {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }
  const first = measured[0];
  const last = measured[measured.length - 1];
  if (first && last && last.size > first.size && last.size < 1_000_000) {
    const perRecord = (last.rss - first.rss) / (last.size - first.size);
    const at1m = first.rss + perRecord * (1_000_000 - first.size);
    console.log(
      `slope ${(perRecord / 3).toFixed(0)} bytes per record (${perRecord.toFixed(0)} per user with a subscription and a result) → about ${mb(at1m)} at 1,000,000 of each (estimate)`,
    );
  }
}

/** Section: what `/broadcasts` and `/stats` read, with 1,000 finished jobs and 100,000 users. */
export async function coordinatorQueries(): Promise<void> {
  console.log("\n## Coordinator queries (1,000 finished broadcast jobs, 100,000 users)");
  const dir = await tempDir();
  try {
    await populate(dir, 100_000, true);
    for (let j = 0; j < 1000; j++) {
      const id = `job${String(j).padStart(4, "0")}`;
      const jobDir = join(dir, "broadcasts", id);
      await mkdir(jobDir, { recursive: true });
      const outcomes = Array.from(
        { length: 100 },
        (_, i) => `${JSON.stringify({ k: `telegram:${i}`, r: "sent" })}\n`,
      ).join("");
      await writeFile(join(jobDir, "recipients.ndjson"), "");
      await writeFile(join(jobDir, "outcomes.ndjson"), outcomes);
      await writeFile(
        join(jobDir, "job.json"),
        JSON.stringify({
          id,
          audience: { kind: "all" },
          content: { html: "Tin" },
          paid: false,
          createdBy: "telegram:1",
          createdAt: new Date(Date.UTC(2013, 9, 1) + j * 60_000).toISOString(),
          state: "done",
          total: 100,
        }),
      );
    }
    const opened = performance.now();
    const storage = await openLowdbStorage(dir);
    console.log(`open: ${(performance.now() - opened).toFixed(0)} ms`);
    const time = async (label: string, run: () => Promise<unknown>) => {
      const first = performance.now();
      await run();
      const cold = performance.now() - first;
      const second = performance.now();
      await run();
      console.log(
        `${label}: ${cold.toFixed(1)} ms first, ${(performance.now() - second).toFixed(1)} ms again`,
      );
    };
    await time("/broadcasts (10 newest jobs with counts)", async () => {
      const jobs = await storage.broadcasts.recent(10, ["reminder"]);
      await Promise.all(jobs.map((job) => storage.broadcasts.counts(job.id)));
    });
    await time("/stats (user, question, subscription and eligibility counters)", () =>
      Promise.all([
        storage.users.stats(new Date("2013-10-23T00:00:00.000Z")),
        storage.unanswered.counts(),
        storage.subscriptions.countsByEvent(),
        storage.eligibility.countByVerdict(),
      ]),
    );
    await time("event audience (50,000 subscribers → recipients)", async () => {
      const refs = await storage.subscriptions.forEvent("hg13");
      await storage.users.getMany(refs.map((r) => r.userKey));
    });
    await storage.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `--section=writes,memory,queries` runs some sections only; all by default. */
const only = process.argv.find((a) => a.startsWith("--section="))?.slice("--section=".length);
const wanted = (name: string) => !only || only.split(",").includes(name);
if (wanted("writes")) await perWriteCost([1_000, 100_000, 1_000_000]);
if (wanted("memory")) await botMemory(full ? [1_000, 100_000, 1_000_000] : [1_000, 100_000]);
if (wanted("queries")) await coordinatorQueries();
