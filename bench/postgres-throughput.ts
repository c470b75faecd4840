/**
 * lowdb beside PostgreSQL, one instance each, through the loopback Bot API over HTTP with the
 * real bot (createApp + startTelegram): first replies of 300 new users arriving at once, with
 * 1k and 10k users already on file, under Telegram's limits and with the limits lifted.
 *
 *   TEST_DATABASE_URL=postgres://loa:loa@127.0.0.1:5432/loa_test npx tsx bench/postgres-throughput.ts
 *
 * Each PostgreSQL run gets a fresh database on that server (the role needs CREATEDB).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createApp, PROJECT_ROOT, startTelegram } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import { createManualClock } from "../src/domain/clock.js";
import type { UserProfile } from "../src/domain/ports.js";
import { TelegramEmulator } from "../src/emulator/telegram-emulator.js";
import type { EmulatorLimits } from "../src/emulator/types.js";
import { openPostgresStorage } from "../src/storage/postgres/index.js";
import { createServerDatabase, TEST_DATABASE_URL } from "../test/support/databases.js";

const TOKEN = "424242:PGBENCH";
const LIMITS: EmulatorLimits = {
  perChatPerSecond: 1,
  globalPerSecond: 30,
  replyWindowSeconds: 600,
};
let nextUserId = 2_000_000;

const profile = (i: number): UserProfile => ({
  key: `telegram:${60_000_000 + i}`,
  channel: "telegram",
  chatId: String(60_000_000 + i),
  name: `U${i}`,
  lang: "vi",
  firstSeen: "2013-10-01T00:00:00.000Z",
  lastSeen: "2013-10-01T00:00:00.000Z",
});

/** Env and clean-up for one backend with `onFile` users already stored. */
async function prepare(backend: "lowdb" | "postgres", onFile: number) {
  const dataDir = await mkdtemp(join(tmpdir(), "loa-bench-pg-"));
  if (backend === "lowdb") {
    const users = Object.fromEntries(
      Array.from({ length: onFile }, (_, i) => [profile(i).key, profile(i)]),
    );
    await writeFile(join(dataDir, "users.json"), JSON.stringify({ users }));
    return {
      env: { DATA_DIR: dataDir },
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const db = await createServerDatabase();
  const storage = await openPostgresStorage(db.url);
  await storage.db.query(
    `INSERT INTO users (key, channel, lang, last_seen, doc)
     SELECT d->>'key', 'telegram', 'vi', d->>'lastSeen', d FROM jsonb_array_elements($1::jsonb) d`,
    [JSON.stringify(Array.from({ length: onFile }, (_, i) => profile(i)))],
  );
  await storage.close();
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: db.url },
    drop: async () => {
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function burst(emulator: TelegramEmulator, count: number): Promise<number> {
  const ids = Array.from({ length: count }, () => nextUserId++);
  for (const id of ids) emulator.addUser({ id, first_name: `N${id}`, language_code: "vi" });
  const waiting = new Set(ids);
  const done = new Promise<void>((resolve) => {
    const listener = (event: { chatId: number; fromBot: boolean }) => {
      if (!event.fromBot || !waiting.delete(event.chatId)) return;
      if (waiting.size === 0) {
        emulator.off("message", listener);
        resolve();
      }
    };
    emulator.on("message", listener);
  });
  const started = performance.now();
  for (const id of ids) emulator.sendText(id, "ha giang ngay nao");
  await done;
  return (count / (performance.now() - started)) * 1000;
}

async function run(backend: "lowdb" | "postgres", onFile: number, limited: boolean) {
  const emulator = new TelegramEmulator({
    token: TOKEN,
    recordCalls: false,
    ...(limited ? { limits: LIMITS } : {}),
  });
  await emulator.start();
  const prepared = await prepare(backend, onFile);
  const config = parseConfig({
    BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    SEED_DIR: join(PROJECT_ROOT, "data"),
    LOG_LEVEL: "silent",
    ...prepared.env,
  });
  const app = await createApp(config, {
    logger: pino({ level: "silent" }),
    clock: createManualClock(new Date("2013-10-30T09:00:00+07:00")),
  });
  const running = await startTelegram(app, emulator.token, emulator.apiRoot);
  await burst(emulator, 20);
  const rate = await burst(emulator, 300);
  await running.stop();
  await app.close();
  await emulator.stop();
  await prepared.drop();
  return rate;
}

if (!TEST_DATABASE_URL) {
  console.log("set TEST_DATABASE_URL=postgres://… (a role with CREATEDB) to run this bench");
  process.exit(1);
}
console.log("first replies of 300 new users at once, answers/s (one instance)");
console.log(
  `${"limits".padEnd(8)} ${"on file".padStart(8)} ${"lowdb".padStart(8)} ${"postgres".padStart(9)} ${"pg/lowdb".padStart(9)}`,
);
for (const limited of [true, false]) {
  for (const onFile of [1_000, 10_000]) {
    const lowdb = await run("lowdb", onFile, limited);
    const postgres = await run("postgres", onFile, limited);
    console.log(
      `${(limited ? "30/s" : "lifted").padEnd(8)} ${onFile.toLocaleString("en").padStart(8)} ${lowdb.toFixed(1).padStart(8)} ${postgres.toFixed(1).padStart(9)} ${`${((postgres / lowdb) * 100).toFixed(0)}%`.padStart(9)}`,
    );
  }
}
