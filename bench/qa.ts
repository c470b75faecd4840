/**
 * Question-answering throughput: answers per second and p50/p99 latency per answer through
 * `bot.handleUpdate`, with outgoing Bot API calls captured (no network), printed beside a bare
 * grammY echo bot measured the same way in the same run.
 *
 *   npm run bench:qa [-- --updates 3000]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bot, type Context, type Transformer } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import pino from "pino";
import { createApp, PROJECT_ROOT } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import { answer } from "../src/domain/answers.js";
import { createManualClock } from "../src/domain/clock.js";
import type { CatalogueSnapshot } from "../src/domain/event-views.js";
import { applyContext, understand } from "../src/domain/understanding/understand.js";
import { HELD_OUT, TUNING } from "./understanding-corpus.js";

const QUESTIONS = [
  "ha giang ngay nao kham benh",
  "Lai Châu ngày nào?",
  "ngay 9/11 o dau",
  "mùng 2 ở tỉnh nào",
  "co mat tien ko",
  "kham nhung gi vay",
  "ai dc di kham",
  "Sơn La có không",
  "tuyen quang co kham khong",
  "còn Điện Biên thì sao?",
  "when is it in dien bien?",
  "gia vang hom nay bao nhieu",
  "lich thang 11",
  "cam on nhe",
];

const botInfo: UserFromGetMe = {
  id: 1,
  is_bot: true,
  first_name: "Loa",
  username: "loa_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

/** Answers every API call locally, like Telegram would, and counts them. */
function captureCalls(counter: { calls: number }): Transformer {
  return async (_prev, method, payload) => {
    counter.calls++;
    const chatId = (payload as { chat_id?: number }).chat_id ?? 0;
    const result =
      method === "sendMessage"
        ? { message_id: counter.calls, date: 0, chat: { id: chatId, type: "private" }, text: "" }
        : true;
    // biome-ignore lint/suspicious/noExplicitAny: a transformer returns the method's own result type
    return { ok: true, result } as any;
  };
}

function update(id: number, userId: number, text: string): Update {
  return {
    update_id: id,
    message: {
      message_id: id,
      date: 1383000000,
      chat: { id: userId, type: "private", first_name: "U" },
      from: { id: userId, is_bot: false, first_name: "U", language_code: "vi" },
      text,
    },
  };
}

/**
 * Users the updates come from: each asks at most 5 questions, well under the flood guard's
 * 20 a minute (more per user would measure the guard's drop, not the answer).
 */
const USERS = 600;

async function measure<C extends Context>(bot: Bot<C>, updates: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < updates; i++) {
    const text = QUESTIONS[i % QUESTIONS.length] ?? "";
    const start = performance.now();
    await bot.handleUpdate(update(i + 1, 1000 + (i % USERS), text));
    latencies.push(performance.now() - start);
  }
  return latencies;
}

/**
 * Understanding + answer alone (no Telegram, no storage): every question of the evaluation
 * corpus asked of the 2013 seed, repeated, timed one by one.
 */
function measureUnderstanding(snapshot: CatalogueSnapshot, rounds: number): number[] {
  const texts = [...TUNING, ...HELD_OUT].map((c) => c[1]);
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const text of texts) {
      const start = performance.now();
      answer(
        applyContext(understand(text, snapshot.gazetteer, snapshot.programmes), undefined),
        snapshot,
      );
      latencies.push(performance.now() - start);
    }
  }
  return latencies;
}

function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const total = latencies.reduce((sum, value) => sum + value, 0);
  const pick = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { perSecond: (latencies.length / total) * 1000, p50: pick(0.5), p99: pick(0.99) };
}

async function main(): Promise<void> {
  const flag = process.argv.indexOf("--updates");
  const updates = flag > 0 ? Number(process.argv[flag + 1]) : 3000;
  const dataDir = await mkdtemp(join(tmpdir(), "loa-bench-qa-"));
  let close: (() => Promise<void>) | undefined;
  try {
    const config = parseConfig({ DATA_DIR: dataDir, SEED_DIR: join(PROJECT_ROOT, "data") });
    const app = await createApp(config, {
      logger: pino({ level: "silent" }),
      clock: createManualClock(new Date("2013-10-30T09:00:00+07:00")),
    });
    close = app.close;
    const loa = app.telegramBot("1:bench");
    loa.botInfo = botInfo;
    const loaCalls = { calls: 0 };
    loa.api.config.use(captureCalls(loaCalls));

    const echo = new Bot("1:bench", { botInfo });
    echo.on("message:text", (ctx) => ctx.reply(ctx.message.text));
    const echoCalls = { calls: 0 };
    echo.api.config.use(captureCalls(echoCalls));

    // Warm up both (JIT, first file reads), then measure.
    await measure(loa, 200);
    await measure(echo, 200);
    const echoStats = summary(await measure(echo, updates));
    const loaStats = summary(await measure(loa, updates));
    const row = (name: string, s: ReturnType<typeof summary>) =>
      `${name.padEnd(16)} ${s.perSecond.toFixed(0).padStart(8)} ${s.p50.toFixed(3).padStart(9)} ${s.p99.toFixed(3).padStart(9)}`;
    console.log(
      `updates per bot: ${updates} (${QUESTIONS.length} different questions, ${USERS} users)`,
    );
    console.log(
      `${"bot".padEnd(16)} ${"answers/s".padStart(8)} ${"p50 ms".padStart(9)} ${"p99 ms".padStart(9)}`,
    );
    console.log(row("grammY echo", echoStats));
    console.log(row("Loa", loaStats));
    console.log(
      `ratio Loa/echo: throughput ${(loaStats.perSecond / echoStats.perSecond).toFixed(3)}, p50 ${(loaStats.p50 / echoStats.p50).toFixed(1)}x, p99 ${(loaStats.p99 / echoStats.p99).toFixed(1)}x`,
    );
    console.log(`API calls captured: Loa ${loaCalls.calls}, echo ${echoCalls.calls}`);
    const snapshot = await app.deps.qa.snapshot(new Date("2013-10-30T09:00:00+07:00"));
    measureUnderstanding(snapshot, 5);
    const understanding = summary(measureUnderstanding(snapshot, 20));
    console.log(
      `understanding + answer only (${TUNING.length + HELD_OUT.length} corpus questions × 20): p50 ${understanding.p50.toFixed(3)} ms, p99 ${understanding.p99.toFixed(3)} ms (goal p99 < 5 ms)`,
    );
    console.log(`RSS: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
  } finally {
    // Let background writes finish before the data dir goes.
    await close?.();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
