/**
 * The scale bench's storage sections on a given backend: the per-write cost of one user's
 * record with N users on file (through the `Storage` interface the bot uses), the bot's RSS with
 * N users, subscriptions and eligibility results on file, and (lowdb) what `/broadcasts` and
 * `/stats` read with 1,000 finished jobs and 100,000 users.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import { openLowdbStorage } from "../../src/storage/lowdb-storage.js";
import { type Backend, measureOn, prepareStore } from "./backends.js";
import { median, profileOf } from "./data.js";
import { QUESTION } from "./throughput.js";

/** Per-write figures at one size, in µs per write (open in ms). */
export interface WriteFigure {
  size: number;
  openMs: number;
  update: number;
  insert: number;
  burst: number;
  read: number;
}

/**
 * Durable, awaited writes of one user's record with `size` users on file (median of 3 rounds of
 * 200): update of an existing user after the read that loads it (as the bot reads a profile
 * before updating it), first sighting of a new user, and a burst of 1,000 concurrent writes.
 */
export async function perWriteCost(backend: Backend, size: number): Promise<WriteFigure> {
  const store = await prepareStore(backend, size);
  try {
    const opened = performance.now();
    const storage = await store.open();
    const openMs = performance.now() - opened;
    const repo = storage.users;
    const writes = 200;
    const updates: number[] = [];
    const reads: number[] = [];
    const inserts: number[] = [];
    const bursts: number[] = [];
    try {
      for (let round = 0; round < 3; round++) {
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
    } finally {
      await storage.close();
    }
    return {
      size,
      openMs,
      update: median(updates),
      insert: median(inserts),
      burst: median(bursts),
      read: median(reads),
    };
  } finally {
    await store.drop();
  }
}

/** The bot's memory and start-up with N of each record on file. */
export interface MemoryFigure {
  size: number;
  /** Largest RSS over the instances, bytes. */
  rss: number;
  startSeconds: number;
}

/**
 * RSS of the real bot process(es) with `size` users, subscriptions and eligibility results on
 * file, after a user on file and a new user each asked a question.
 */
export async function botMemory(backend: Backend, size: number): Promise<MemoryFigure> {
  const emulator = new TelegramEmulator({ token: "42:SCALE", recordCalls: false });
  await emulator.start();
  const store = await prepareStore(backend, size, true);
  return measureOn(backend, store, emulator, async (bots) => {
    for (const id of [Number(profileOf(1).chatId), 7]) {
      emulator.addUser({ id, first_name: "Hoa", language_code: "vi" });
      const reply = emulator.waitForBotMessage(id);
      emulator.sendText(id, QUESTION);
      await reply;
    }
    return {
      size,
      rss: Math.max(...(await bots.rss())),
      startSeconds: Math.max(...bots.startSeconds),
    };
  });
}

/** Lines of `/broadcasts`' and `/stats`' read times on lowdb, 1,000 jobs and 100,000 users. */
export async function coordinatorQueries(backend: Backend): Promise<string[]> {
  const store = await prepareStore(backend, 100_000, true);
  const lines: string[] = [];
  try {
    const dir = store.env.DATA_DIR as string;
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
    lines.push(`open: ${(performance.now() - opened).toFixed(0)} ms`);
    const time = async (label: string, run: () => Promise<unknown>) => {
      const first = performance.now();
      await run();
      const cold = performance.now() - first;
      const second = performance.now();
      await run();
      lines.push(
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
    await store.drop();
  }
  return lines;
}
