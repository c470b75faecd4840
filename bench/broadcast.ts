/**
 * Broadcast benchmark (`npm run bench:broadcast [-- --full]`).
 *
 * 1. Against the loopback emulator at Telegram's free limit (30/s overall, 1/s per chat):
 *    achieved rate as a ratio of 30/s, 429s, lost and duplicated messages. `--quick` (default)
 *    sends to 1,000 people (~34 s) and extrapolates; `--full` sends to 10,000 (~6 min).
 * 2. The same with the limit lifted, to show the engine's own ceiling over HTTP.
 * 3. Persistence and engine only (no HTTP): per-send cost and RSS at 1k / 10k / 100k.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBroadcastEngine } from "../src/domain/broadcast/engine.js";
import type { MessageTransport, Recipient } from "../src/domain/broadcast/types.js";
import { TelegramEmulator } from "../src/emulator/telegram-emulator.js";
import { openBroadcastStore } from "../src/storage/broadcast-store.js";
import { openEmulatorEngine, telegramRecipients } from "../test/support/broadcast-setup.js";

const TOKEN = "123456:BENCH";
const full = process.argv.includes("--full");
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function overHttp(count: number, limited: boolean): Promise<void> {
  const emulator = new TelegramEmulator({
    token: TOKEN,
    recordCalls: false,
    ...(limited ? { limits: { perChatPerSecond: 1, globalPerSecond: 30 } } : {}),
  });
  const apiRoot = await emulator.start();
  const dataDir = await mkdtemp(join(tmpdir(), "loa-bench-"));
  const recipients = telegramRecipients(count);
  for (const r of recipients) emulator.addUser({ id: Number(r.chatId), first_name: "U" });
  const { engine } = await openEmulatorEngine({
    dataDir,
    apiRoot,
    token: TOKEN,
    limits: limited ? { perSecond: 30 } : { perSecond: 1_000_000, perChatPerSecond: 1 },
    maxInFlight: limited ? 16 : 64,
  });
  const job = await engine.create({
    audience: { kind: "all" },
    recipients,
    content: { html: "<b>Bench</b>" },
    createdBy: "bench",
  });
  const id = job?.id ?? "";
  const started = performance.now();
  await engine.start(id);
  await engine.settled(id);
  const seconds = (performance.now() - started) / 1000;
  let lost = 0;
  let duplicated = 0;
  for (const r of recipients) {
    const got = emulator.deliveredCount(Number(r.chatId));
    if (got === 0) lost++;
    if (got > 1) duplicated += got - 1;
  }
  const rate = count / seconds;
  const label = limited ? "free limit (30/s)" : "limit lifted    ";
  const extra = limited
    ? ` ratio ${(rate / 30).toFixed(3)} of 30/s; 10,000 would take ${(10_000 / rate).toFixed(0)} s`
    : "";
  console.log(
    `${label} ${count} recipients: ${seconds.toFixed(1)} s, ${rate.toFixed(1)} msg/s,${extra} 429s ${emulator.stats().rejected429}, lost ${lost}, duplicated ${duplicated}`,
  );
  await engine.shutdown();
  await emulator.stop();
  await rm(dataDir, { recursive: true, force: true });
}

async function persistenceOnly(count: number): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "loa-bench-"));
  const store = await openBroadcastStore(dataDir);
  const transport: MessageTransport = { channel: "telegram", send: async () => ({ kind: "sent" }) };
  const engine = createBroadcastEngine({
    store,
    now: () => new Date(),
    markBlocked: async () => undefined,
    newId: () => `p${count}`,
    limits: { telegram: { perSecond: 1e9, paidPerSecond: 1e9, perChatPerSecond: 1 } },
    sender: { maxInFlight: 64 },
  });
  engine.attach(transport);
  const recipients: Recipient[] = telegramRecipients(count);
  let t = performance.now();
  const job = await engine.create({
    audience: { kind: "all" },
    recipients,
    content: { html: "x" },
    createdBy: "bench",
  });
  const createMs = performance.now() - t;
  t = performance.now();
  await engine.start(job?.id ?? "");
  await engine.settled(job?.id ?? "");
  const runMs = performance.now() - t;
  // The raw cost of one durable outcome: a synchronous append.
  const log = await store.openLog(job?.id ?? "");
  t = performance.now();
  for (let i = 0; i < 10_000; i++) log.append({ k: `telegram:${i}`, r: "sent" });
  const appendUs = ((performance.now() - t) / 10_000) * 1000;
  await log.close();
  t = performance.now();
  const outcomes = await store.outcomes(job?.id ?? "");
  const resumeReadMs = performance.now() - t;
  console.log(
    `persistence ${String(count).padStart(6)}: create ${createMs.toFixed(0)} ms, engine+log ${((runMs / count) * 1000).toFixed(1)} µs/send, append ${appendUs.toFixed(1)} µs, read back ${outcomes.length} outcomes in ${resumeReadMs.toFixed(0)} ms, RSS ${mb(process.memoryUsage().rss)}`,
  );
  await rm(dataDir, { recursive: true, force: true });
}

console.log(`Loa broadcast bench (${full ? "--full" : "--quick"})`);
if (!process.argv.includes("--skip-limited")) await overHttp(full ? 10_000 : 1_000, true);
await overHttp(10_000, false);
for (const count of [1_000, 10_000, 100_000]) await persistenceOnly(count);
