import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createBroadcastEngine } from "../../../src/domain/broadcast/engine.js";
import { createMemoryBroadcastStore } from "../../../src/domain/broadcast/store.js";
import type { JobProgress, Recipient } from "../../../src/domain/broadcast/types.js";
import { createFakeTransport } from "../../support/fake-transport.js";

const recipients = (n: number, lang: "vi" | "en" = "vi"): Recipient[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `telegram:${i + 1}`,
    channel: "telegram",
    chatId: String(i + 1),
    lang,
  }));

function setUp() {
  const store = createMemoryBroadcastStore();
  const transport = createFakeTransport("telegram", 20);
  const blockedKeys: string[] = [];
  let ids = 0;
  const engine = createBroadcastEngine({
    store,
    now: () => new Date(Date.now()),
    markBlocked: async (key) => {
      blockedKeys.push(key);
    },
    newId: () => `job${++ids}`,
    sender: { backoffMs: 100 },
  });
  engine.attach(transport);
  return { store, transport, engine, blockedKeys };
}

describe("broadcast engine", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse("2013-10-30T02:00:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reaches everyone once, marks 403s blocked, retries 5xx, and reports the failed as CSV", async () => {
    const { engine, transport, blockedKeys } = setUp();
    transport.block("7");
    transport.script(
      "8",
      { kind: "transient", code: "502" },
      { kind: "transient", code: "network" },
    );
    transport.script(
      "9",
      ...Array.from({ length: 9 }, () => ({ kind: "transient", code: "502" }) as const),
    );
    transport.script("10", { kind: "permanent", code: "400" });
    const job = await engine.create({
      audience: { kind: "all" },
      recipients: [...recipients(100), ...recipients(3)],
      content: { html: "<b>Xin chào</b>" },
      createdBy: "telegram:1",
    });
    expect(job?.total).toBe(100);
    await engine.start(job?.id ?? "");
    await vi.advanceTimersByTimeAsync(10_000);
    const report = await engine.report(job?.id ?? "");
    expect(report).toMatchObject({ sent: 97, blocked: 1, failed: 2, remaining: 0 });
    expect(report?.job.state).toBe("done");
    expect(blockedKeys).toEqual(["telegram:7"]);
    expect(transport.delivered.get("8")).toHaveLength(1);
    for (let chat = 1; chat <= 100; chat++) {
      expect(transport.delivered.get(String(chat))?.length ?? 0).toBeLessThanOrEqual(1);
    }
    expect(report?.failedCsv.split("\n")).toEqual([
      "key,chat_id,result,reason",
      "telegram:7,7,blocked,403",
      "telegram:9,9,failed,502",
      "telegram:10,10,failed,400",
    ]);
  });

  it("pauses the whole sender for exactly retry_after on a 429, then finishes", async () => {
    const { engine, transport } = setUp();
    transport.script("5", { kind: "rate_limited", retryAfterMs: 3000 });
    const job = await engine.create({
      audience: { kind: "all" },
      recipients: recipients(60),
      content: { html: "hi" },
      createdBy: "telegram:1",
    });
    await engine.start(job?.id ?? "");
    await vi.advanceTimersByTimeAsync(10_000);
    const limited = transport.calls.findIndex((c) => c.chatId === "5");
    const limitedAt = transport.calls[limited]?.at ?? 0;
    // Sends already in flight may land; nothing new starts until retry_after has passed.
    const startedDuringPause = transport.calls.filter(
      (c) => c.at > limitedAt + 20 && c.at < limitedAt + 20 + 3000,
    );
    expect(startedDuringPause).toHaveLength(0);
    expect(await engine.get(job?.id ?? "")).toMatchObject({ sent: 60, remaining: 0 });
    expect(transport.delivered.get("5")).toHaveLength(1);
  });

  it("pause stops new sends; resume finishes without sending anyone twice", async () => {
    const { engine, transport } = setUp();
    const job = await engine.create({
      audience: { kind: "all" },
      recipients: recipients(90),
      content: { html: "hi" },
      createdBy: "telegram:1",
    });
    const id = job?.id ?? "";
    await engine.start(id);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await engine.pause(id)).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    const paused = await engine.get(id);
    expect(paused?.job.state).toBe("paused");
    expect(paused?.sent).toBeGreaterThan(10);
    expect(paused?.remaining).toBeGreaterThan(0);
    const callsWhilePaused = transport.calls.length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(transport.calls.length).toBe(callsWhilePaused);
    expect(await engine.resume(id)).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await engine.get(id)).toMatchObject({ sent: 90, remaining: 0 });
    expect([...transport.delivered.values()].every((m) => m.length === 1)).toBe(true);
  });

  it("stop leaves the rest unsent for good", async () => {
    const { engine } = setUp();
    const job = await engine.create({
      audience: { kind: "all" },
      recipients: recipients(90),
      content: { html: "hi" },
      createdBy: "telegram:1",
    });
    const id = job?.id ?? "";
    await engine.start(id);
    await vi.advanceTimersByTimeAsync(1000);
    await engine.stop(id);
    await vi.advanceTimersByTimeAsync(5000);
    const status = await engine.get(id);
    expect(status?.job.state).toBe("stopped");
    expect(status?.remaining).toBeGreaterThan(0);
    expect(await engine.resume(id)).toBe(false);
  });

  it("a new engine on the same store resumes a job left sending and skips those already done", async () => {
    const first = setUp();
    const job = await first.engine.create({
      audience: { kind: "all" },
      recipients: recipients(50),
      content: { html: "hi" },
      createdBy: "telegram:1",
    });
    const id = job?.id ?? "";
    await first.engine.start(id);
    await vi.advanceTimersByTimeAsync(700);
    // A send in flight at the shutdown finishes (its fake latency needs the clock to move).
    const stopping = first.engine.shutdown();
    await vi.advanceTimersByTimeAsync(100);
    await stopping;
    const half = await first.engine.get(id);
    expect(half?.job.state).toBe("sending");
    const transport = createFakeTransport("telegram", 20);
    const second = createBroadcastEngine({
      store: first.store,
      now: () => new Date(Date.now()),
      markBlocked: async () => undefined,
      newId: () => "x",
    });
    second.attach(transport);
    expect(await second.resumeAll()).toEqual([id]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await second.get(id)).toMatchObject({ sent: 50, remaining: 0 });
    const both = [...first.transport.delivered.keys(), ...transport.delivered.keys()];
    expect(new Set(both).size).toBe(50);
    expect(both).toHaveLength(50);
  });

  it("sends each recipient the content in their language", async () => {
    const { engine, transport } = setUp();
    const job = await engine.create({
      audience: { kind: "all" },
      recipients: [...recipients(1, "vi"), ...recipients(2, "en").slice(1)],
      content: { html: "Xin chào" },
      contentByLang: { en: { html: "Hello" } },
      createdBy: "telegram:1",
    });
    await engine.start(job?.id ?? "");
    await vi.advanceTimersByTimeAsync(3000);
    expect(transport.delivered.get("1")?.[0]?.html).toBe("Xin chào");
    expect(transport.delivered.get("2")?.[0]?.html).toBe("Hello");
  });

  it("reports progress at most every 3 s, and a final snapshot with nothing remaining", async () => {
    const { engine } = setUp();
    const snapshots: Array<JobProgress & { at: number }> = [];
    engine.onProgress((p) => snapshots.push({ ...p, at: Date.now() }));
    const job = await engine.create({
      audience: { kind: "all" },
      recipients: recipients(300),
      content: { html: "hi" },
      createdBy: "telegram:1",
    });
    await engine.start(job?.id ?? "");
    await vi.advanceTimersByTimeAsync(15_000);
    const live = snapshots.filter((s) => !s.final);
    for (let i = 1; i < live.length; i++) {
      expect((live[i]?.at ?? 0) - (live[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(3000);
    }
    expect(live.some((s) => s.rate > 20 && s.etaSeconds !== undefined)).toBe(true);
    expect(snapshots.at(-1)).toMatchObject({ final: true, state: "done", sent: 300, remaining: 0 });
  });
});
