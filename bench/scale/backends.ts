/**
 * The backends the scale bench runs the real bot on: lowdb files, PostgreSQL with one instance
 * (long polling), PostgreSQL with two instances (webhook mode behind a round-robin proxy, as
 * behind a load balancer). Each run gets a fresh data dir or a fresh database.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import { openLowdbStorage } from "../../src/storage/lowdb-storage.js";
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import type { Storage } from "../../src/storage/storage.js";
import { type BotProcess, spawnBot } from "../../test/support/bot-process.js";
import { createServerDatabase, TEST_DATABASE_URL } from "../../test/support/databases.js";
import { freePort } from "../../test/support/process-kit.js";
import { roundRobin } from "../../test/support/round-robin.js";
import { populateLowdb, populatePostgres } from "./data.js";

/** A backend of the bench. */
export interface Backend {
  /** Column label. */
  label: string;
  kind: "lowdb" | "postgres";
  instances: number;
}

/** Every backend `--backend=` can name. */
export const BACKENDS: Record<string, Backend> = {
  lowdb: { label: "lowdb", kind: "lowdb", instances: 1 },
  postgres: { label: "PostgreSQL ×1", kind: "postgres", instances: 1 },
  postgres2: { label: "PostgreSQL ×2", kind: "postgres", instances: 2 },
};

/** Parses `--backend=lowdb,postgres,postgres2|all` (default lowdb). */
export function backendsOf(argv: readonly string[]): Backend[] {
  const value = argv.find((a) => a.startsWith("--backend="))?.slice("--backend=".length);
  const names = !value ? ["lowdb"] : value === "all" ? Object.keys(BACKENDS) : value.split(",");
  return names.map((name) => {
    const backend = BACKENDS[name];
    if (!backend) throw new Error(`unknown backend ${name}: use ${Object.keys(BACKENDS)}|all`);
    if (backend.kind === "postgres" && !TEST_DATABASE_URL) {
      throw new Error(
        "PostgreSQL backends need TEST_DATABASE_URL=postgres://… (a role with CREATEDB)",
      );
    }
    return backend;
  });
}

/** A fresh store with an audience on file, not yet opened by a bot. */
export interface PreparedStore {
  /** What the bot's environment needs to run on it. */
  env: Record<string, string>;
  /** Opens the store in this process (only while no bot runs on a lowdb dir). */
  open(): Promise<Storage>;
  /** Removes the data dir or database. */
  drop(): Promise<void>;
}

/** A fresh store of `backend` with `count` users (with `everything`, subscriptions and results). */
export async function prepareStore(
  backend: Backend,
  count: number,
  everything = false,
): Promise<PreparedStore> {
  const dataDir = await mkdtemp(join(tmpdir(), "loa-bench-scale-"));
  const removeDir = () =>
    rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  if (backend.kind === "lowdb") {
    await populateLowdb(dataDir, count, everything);
    return { env: { DATA_DIR: dataDir }, open: () => openLowdbStorage(dataDir), drop: removeDir };
  }
  const database = await createServerDatabase();
  const storage = await openPostgresStorage(database.url);
  await populatePostgres(storage.db, count, everything);
  await storage.close();
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: database.url },
    open: () => openPostgresStorage(database.url),
    drop: async () => {
      await database.drop();
      await removeDir();
    },
  };
}

/** The bot's instances running on a store. */
export interface RunningBots {
  processes: BotProcess[];
  /** Seconds from spawn to "bot started", per instance. */
  startSeconds: number[];
  /** Resident memory of each instance now, in bytes. */
  rss(): Promise<number[]>;
  stop(): Promise<void>;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

/**
 * Starts `backend.instances` real bot processes (`src/main.ts`, as `npm start`) on `store`
 * against `emulator`; several instances get webhook mode behind a round-robin proxy.
 */
export async function startBots(
  backend: Backend,
  store: PreparedStore,
  emulator: TelegramEmulator,
): Promise<RunningBots> {
  const base = {
    BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    BOT_CLOCK: "2013-10-30T09:00:00+07:00",
    LOG_LEVEL: "info",
    ...store.env,
  };
  const envs: Array<Record<string, string>> = [];
  let closeProxy: () => Promise<void> = async () => {};
  if (backend.instances === 1) envs.push(base);
  else {
    const ports = await Promise.all(Array.from({ length: backend.instances }, () => freePort()));
    const proxy = await roundRobin(ports.map((port) => `http://127.0.0.1:${port}`));
    closeProxy = () => new Promise((resolve) => proxy.server.close(() => resolve()));
    for (const port of ports) {
      envs.push({
        ...base,
        WEBHOOK_URL: `${proxy.url}/telegram/hook`,
        WEBHOOK_SECRET: "scale-bench",
        PORT: String(port),
      });
    }
  }
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the bot processes.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const processes: BotProcess[] = [];
  const startSeconds: number[] = [];
  const stop = async () => {
    for (const bot of processes) bot.kill("SIGTERM");
    await Promise.all(processes.map((bot) => bot.exited));
    await closeProxy();
  };
  try {
    // One after another: the first seeds and migrates, the others find it done.
    for (const env of envs) {
      const started = performance.now();
      const bot = spawnBot(env, nodeArgs);
      processes.push(bot);
      await bot.waitForOutput(/bot started/, 900_000);
      startSeconds.push((performance.now() - started) / 1000);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    processes,
    startSeconds,
    rss: () => Promise.all(processes.map((bot) => rssOf(bot.child.pid ?? 0))),
    stop,
  };
}

/**
 * Starts the bot(s) of `backend` on `store`, runs `measure` with them, then stops them and the
 * emulator and drops the store, whatever happened.
 */
export async function measureOn<T>(
  backend: Backend,
  store: PreparedStore,
  emulator: TelegramEmulator,
  measure: (bots: RunningBots) => Promise<T>,
): Promise<T> {
  let bots: RunningBots | undefined;
  try {
    bots = await startBots(backend, store, emulator);
    return await measure(bots);
  } finally {
    await bots?.stop();
    await emulator.stop();
    await store.drop();
  }
}
