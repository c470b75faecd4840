/**
 * Update-pipeline scale benchmark (`npm run bench:throughput [-- --full]`), through the loopback
 * Bot API over HTTP, with the real bot (createApp + startTelegram, as `npm start` runs it).
 *
 * 1. First-reply throughput: 300 new users write at once while 1k / 10k / 100k users are already
 *    on file, at Telegram's limits (1/s per chat; 30/s global for bulk notifications only —
 *    replies to people who just wrote are not bulk, see `replyWindowSeconds` in the emulator).
 *    Answers/s, and as a share of 30/s.
 * `--only=1|2|3` runs one section.
 *
 * 2. The same burst with every limit lifted, beside a bare grammY echo bot (sequential
 *    `bot.start`) against the same emulator in the same run: answers/s and the ratio.
 * 3. Reply latency p50/p99 while a broadcast runs at 30/s (1,000 recipients; `--full`: 10,000),
 *    two new customers asking every second,
 *    the broadcast's rate as a share of 30/s, and the 429s the emulator answered.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bot } from "grammy";
import pino from "pino";
import { createApp, PROJECT_ROOT, startTelegram } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import { createManualClock } from "../src/domain/clock.js";
import type { UserProfile } from "../src/domain/ports.js";
import { TelegramEmulator } from "../src/emulator/telegram-emulator.js";
import type { EmulatorLimits } from "../src/emulator/types.js";
import { telegramRecipients } from "../test/support/broadcast-setup.js";

const full = process.argv.includes("--full");
const TOKEN = "424242:SCALE";
const QUESTION = "ha giang ngay nao";
const TELEGRAM_LIMITS: EmulatorLimits = {
  perChatPerSecond: 1,
  globalPerSecond: 30,
  replyWindowSeconds: 600,
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

let nextUserId = 1_000_000;

/** A data dir with `count` users already on file (the seed fills the rest at start). */
async function dataDirWithUsers(count: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "loa-bench-scale-"));
  const at = "2013-10-01T00:00:00.000Z";
  const users: Record<string, UserProfile> = {};
  for (let i = 0; i < count; i++) {
    const id = 50_000_000 + i;
    users[`telegram:${id}`] = {
      key: `telegram:${id}`,
      channel: "telegram",
      chatId: String(id),
      name: `U${i}`,
      lang: "vi",
      firstSeen: at,
      lastSeen: at,
    };
  }
  await writeFile(join(dir, "users.json"), JSON.stringify({ users }));
  return dir;
}

/** Starts Loa on `dataDir` against `emulator`. */
async function startLoa(emulator: TelegramEmulator, dataDir: string) {
  const config = parseConfig({
    BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DATA_DIR: dataDir,
    SEED_DIR: join(PROJECT_ROOT, "data"),
    LOG_LEVEL: "silent",
  });
  const app = await createApp(config, {
    logger: pino({ level: "silent" }),
    clock: createManualClock(new Date("2013-10-30T09:00:00+07:00")),
  });
  const running = await startTelegram(app, emulator.token, emulator.apiRoot);
  return {
    app,
    async stop() {
      await running.stop();
      await app.close();
    },
  };
}

/** `count` new users write at once; resolves with answers/s (first answer of each). */
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
  for (const id of ids) emulator.sendText(id, QUESTION);
  await done;
  return (count / (performance.now() - started)) * 1000;
}

async function firstReplies(): Promise<void> {
  console.log("1. 300 new users at once, Telegram's limits (replies: 1/s per chat)");
  console.log(
    `${"on file".padStart(9)} ${"answers/s".padStart(10)} ${"of 30/s".padStart(8)} ${"429s".padStart(5)} ${"RSS".padStart(7)}`,
  );
  for (const onFile of [1_000, 10_000, 100_000]) {
    const emulator = new TelegramEmulator({
      token: TOKEN,
      recordCalls: false,
      limits: TELEGRAM_LIMITS,
    });
    await emulator.start();
    const dataDir = await dataDirWithUsers(onFile);
    const loa = await startLoa(emulator, dataDir);
    await burst(emulator, 20); // warm-up
    const rate = await burst(emulator, 300);
    console.log(
      `${onFile.toLocaleString("en").padStart(9)} ${rate.toFixed(1).padStart(10)} ${`${((rate / 30) * 100).toFixed(0)}%`.padStart(8)} ${String(emulator.stats().rejected429).padStart(5)} ${mb(process.memoryUsage().rss).padStart(7)}`,
    );
    await loa.stop();
    await emulator.stop();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

async function liftedBesideEcho(): Promise<void> {
  const count = full ? 2000 : 300;
  const rounds = 3;
  console.log(
    `\n2. ${count} new users at once, limits lifted, beside a bare grammY echo bot (best of ${rounds} alternating rounds)`,
  );
  const emulator = new TelegramEmulator({ token: TOKEN, recordCalls: false });
  await emulator.start();
  const dataDir = await dataDirWithUsers(1_000);
  let echoRate = 0;
  let loaRate = 0;
  for (let round = 0; round < rounds; round++) {
    const echo = new Bot(TOKEN, { client: { apiRoot: emulator.apiRoot } });
    echo.on("message:text", (ctx) => ctx.reply(ctx.message.text));
    const polling = echo.start();
    await burst(emulator, 20);
    echoRate = Math.max(echoRate, await burst(emulator, count));
    await echo.stop();
    await polling;
    const loa = await startLoa(emulator, dataDir);
    await burst(emulator, 20);
    loaRate = Math.max(loaRate, await burst(emulator, count));
    await loa.stop();
  }
  await emulator.stop();
  await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  console.log(`grammY echo (sequential bot.start): ${echoRate.toFixed(0)} answers/s`);
  console.log(`Loa (durable inbox, 64 chats at once): ${loaRate.toFixed(0)} answers/s`);
  console.log(`ratio Loa/echo: ${(loaRate / echoRate).toFixed(2)} (goal ≥ 1.00)`);
}

async function latencyDuringBroadcast(): Promise<void> {
  const recipients = full ? 10_000 : 1_000;
  console.log(
    `\n3. replies during a ${recipients.toLocaleString("en")}-recipient broadcast at 30/s`,
  );
  const emulator = new TelegramEmulator({
    token: TOKEN,
    recordCalls: false,
    limits: TELEGRAM_LIMITS,
  });
  await emulator.start();
  const dataDir = await dataDirWithUsers(1_000);
  const loa = await startLoa(emulator, dataDir);
  const audience = telegramRecipients(recipients, 70_000_000);
  for (const r of audience) emulator.addUser({ id: Number(r.chatId), first_name: "R" });
  const { engine } = loa.app.deps.delivery;
  const job = await engine.create({
    audience: { kind: "all" },
    recipients: audience,
    content: { html: "Lịch khám thay đổi" },
    createdBy: "telegram:1",
  });
  const sendTimes: number[] = [];
  const audienceIds = new Set(audience.map((r) => Number(r.chatId)));
  emulator.on("message", (event) => {
    if (event.fromBot && audienceIds.has(event.chatId)) sendTimes.push(performance.now());
  });
  await engine.start(job?.id ?? "");
  const settled = engine.settled(job?.id ?? "").then(() => performance.now());
  const latencies: number[] = [];
  let finished = false;
  void settled.then(() => {
    finished = true;
  });
  // Two new customers a second ask while the broadcast runs.
  const asks: Promise<void>[] = [];
  while (!finished) {
    for (let i = 0; i < 2; i++) {
      const id = nextUserId++;
      emulator.addUser({ id, first_name: `C${id}`, language_code: "vi" });
      const sent = performance.now();
      asks.push(
        emulator
          .waitForBotMessage(id, () => true, 60_000)
          .then(() => {
            latencies.push(performance.now() - sent);
          }),
      );
      emulator.sendText(id, QUESTION);
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 1000)), settled]);
  }
  await settled;
  await Promise.allSettled(asks);
  const report = await engine.report(job?.id ?? "");
  await loa.stop();
  await emulator.stop();
  await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  const sorted = [...latencies].sort((a, b) => a - b);
  const pick = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  // From the first delivered broadcast message to the last.
  const span = (sendTimes.at(-1) ?? 0) - (sendTimes[0] ?? 0);
  const rate = span > 0 ? ((sendTimes.length - 1) / span) * 1000 : 0;
  console.log(
    `replies: ${latencies.length}, p50 ${pick(0.5).toFixed(0)} ms, p99 ${pick(0.99).toFixed(0)} ms (goal p99 < 2000 ms)`,
  );
  console.log(
    `broadcast: ${report?.sent} sent at ${rate.toFixed(1)}/s = ${((rate / 30) * 100).toFixed(1)}% of 30/s (goal ≥ 97%), 429s answered: ${emulator.stats().rejected429}`,
  );
}

const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice(7);
if (!only || only === "1") await firstReplies();
if (!only || only === "2") await liftedBesideEcho();
if (!only || only === "3") await latencyDuringBroadcast();
