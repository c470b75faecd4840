/**
 * The scale bench's sections through the loopback Bot API over HTTP, with the real bot in its
 * own process(es) (`src/main.ts`, as `npm start` runs it) on a given backend:
 * first replies of new users arriving at once, the same with limits lifted beside a bare grammY
 * echo bot, and reply latency while a broadcast runs at 30/s.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/app.js";
import type { JobRecord } from "../../src/domain/broadcast/types.js";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import type { EmulatorLimits } from "../../src/emulator/types.js";
import { telegramRecipients } from "../../test/support/broadcast-setup.js";
import { type Backend, measureOn, prepareStore } from "./backends.js";
import { median } from "./data.js";

const TOKEN = "424242:SCALE";
/** A question every bot answers from the seed. */
export const QUESTION = "ha giang ngay nao";
/** Telegram's limits: 1/s per chat; 30/s for bulk notifications (replies are not bulk). */
const TELEGRAM_LIMITS: EmulatorLimits = {
  perChatPerSecond: 1,
  globalPerSecond: 30,
  replyWindowSeconds: 600,
};

let nextUserId = 1_000_000;

async function emulatorWith(limits?: EmulatorLimits): Promise<TelegramEmulator> {
  const emulator = new TelegramEmulator({
    token: TOKEN,
    recordCalls: false,
    ...(limits ? { limits } : {}),
  });
  await emulator.start();
  return emulator;
}

/** `count` new users write at once; resolves with answers/s (first answer of each). */
async function burst(emulator: TelegramEmulator, count: number): Promise<number> {
  const ids = Array.from({ length: count }, () => nextUserId++);
  for (const id of ids) emulator.addUser({ id, first_name: `N${id}`, language_code: "vi" });
  const waiting = new Set(ids);
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`burst: ${waiting.size} of ${count} unanswered after 10 min`)),
      600_000,
    );
    const listener = (event: { chatId: number; fromBot: boolean }) => {
      if (!event.fromBot || !waiting.delete(event.chatId)) return;
      if (waiting.size === 0) {
        clearTimeout(timer);
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

/** One row of the first-reply section. */
export interface FirstReplyFigure {
  onFile: number;
  rate: number;
  rejected429: number;
  rss: number;
  startSeconds: number;
}

/** 300 new users at once with `onFile` users already stored, at Telegram's limits. */
export async function firstReplies(
  backend: Backend,
  onFile: number,
  count = 300,
): Promise<FirstReplyFigure> {
  const emulator = await emulatorWith(TELEGRAM_LIMITS);
  const store = await prepareStore(backend, onFile);
  return measureOn(backend, store, emulator, async (bots) => {
    await burst(emulator, 20); // warm-up
    const rate = await burst(emulator, count);
    return {
      onFile,
      rate,
      rejected429: emulator.stats().rejected429,
      rss: Math.max(...(await bots.rss())),
      startSeconds: Math.max(...bots.startSeconds),
    };
  });
}

/** Answers/s of a bare grammY echo bot (median of `rounds` bursts of `count`), limits lifted. */
export async function echoRate(count: number, rounds = 3): Promise<number> {
  const emulator = await emulatorWith();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(PROJECT_ROOT, "bench/scale/echo-bot.ts")],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, TOKEN, API_ROOT: emulator.apiRoot },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("echo started")) resolve();
      });
      child.once("exit", () => reject(new Error("the echo bot exited before it started")));
    });
    await burst(emulator, 20);
    const rates: number[] = [];
    for (let round = 0; round < rounds; round++) rates.push(await burst(emulator, count));
    return median(rates);
  } finally {
    child.kill("SIGTERM");
    await exited;
    await emulator.stop();
  }
}

/** Loa's answers/s on `backend` (1,000 users on file), limits lifted, median of `rounds` bursts. */
export async function liftedRate(backend: Backend, count: number, rounds = 3): Promise<number> {
  const emulator = await emulatorWith();
  const store = await prepareStore(backend, 1_000);
  return measureOn(backend, store, emulator, async () => {
    await burst(emulator, 20);
    const rates: number[] = [];
    for (let round = 0; round < rounds; round++) rates.push(await burst(emulator, count));
    return median(rates);
  });
}

/** What the broadcast section measured. */
export interface BroadcastFigure {
  recipients: number;
  replies: number;
  p50: number;
  p99: number;
  /** Broadcast messages per second, first delivered to last. */
  rate: number;
  delivered: number;
  rejected429: number;
}

/**
 * A `recipients`-strong broadcast at 30/s (the job is stored as sending before the bot starts,
 * so it resumes it at start-up, as after a restart); two new customers ask every second from
 * its first message to its last. Latency: question posted → first answer seen by the emulator.
 */
export async function latencyDuringBroadcast(
  backend: Backend,
  recipients: number,
): Promise<BroadcastFigure> {
  const emulator = await emulatorWith(TELEGRAM_LIMITS);
  const store = await prepareStore(backend, 1_000);
  const audience = telegramRecipients(recipients, 70_000_000);
  for (const r of audience) emulator.addUser({ id: Number(r.chatId), first_name: "R" });
  const job: JobRecord = {
    id: "scale-bench",
    audience: { kind: "all" },
    content: { html: "Lịch khám thay đổi" },
    paid: false,
    createdBy: "telegram:1",
    createdAt: new Date().toISOString(),
    state: "sending",
    total: audience.length,
  };
  const storage = await store.open();
  await storage.broadcasts.create(job, audience);
  await storage.close();
  const sendTimes: number[] = [];
  const audienceIds = new Set(audience.map((r) => Number(r.chatId)));
  let firstSend!: () => void;
  let lastSend!: () => void;
  const started = new Promise<void>((resolve) => {
    firstSend = resolve;
  });
  const finished = new Promise<void>((resolve) => {
    lastSend = resolve;
  });
  const delivered = new Set<number>();
  emulator.on("message", (event) => {
    if (!event.fromBot || !audienceIds.has(event.chatId)) return;
    sendTimes.push(performance.now());
    delivered.add(event.chatId);
    if (sendTimes.length === 1) firstSend();
    if (delivered.size === audience.length) lastSend();
  });
  const latencies: number[] = [];
  await measureOn(backend, store, emulator, async () => {
    await started;
    let done = false;
    void finished.then(() => {
      done = true;
    });
    const asks: Promise<void>[] = [];
    while (!done) {
      for (let i = 0; i < 2; i++) {
        const id = nextUserId++;
        emulator.addUser({ id, first_name: `C${id}`, language_code: "vi" });
        const sent = performance.now();
        asks.push(
          emulator
            .waitForBotMessage(id, () => true, 60_000)
            .then(
              () => void latencies.push(performance.now() - sent),
              () => void latencies.push(60_000),
            ),
        );
        emulator.sendText(id, QUESTION);
      }
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 1000)), finished]);
    }
    await Promise.allSettled(asks);
  });
  const sorted = [...latencies].sort((a, b) => a - b);
  const pick = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const span = (sendTimes.at(-1) ?? 0) - (sendTimes[0] ?? 0);
  return {
    recipients,
    replies: latencies.length,
    p50: pick(0.5),
    p99: pick(0.99),
    rate: span > 0 ? ((sendTimes.length - 1) / span) * 1000 : 0,
    delivered: delivered.size,
    rejected429: emulator.stats().rejected429,
  };
}
