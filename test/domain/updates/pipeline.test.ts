import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createUpdatePipeline } from "../../../src/domain/updates/pipeline.js";
import { openNdjsonInbox } from "../../../src/storage/ndjson-inbox.js";

interface TestUpdate {
  chat: number;
  n: number;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the update pipeline", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const inboxFile = async () => {
    const dir = await mkdtemp(join(tmpdir(), "loa-pipeline-"));
    dirs.push(dir);
    return join(dir, "inbox.ndjson");
  };

  it("handles chats concurrently and each chat strictly in order", async () => {
    const inbox = await openNdjsonInbox<TestUpdate>(await inboxFile());
    const seen = new Map<number, number[]>();
    let running = 0;
    let mostAtOnce = 0;
    const runningPerChat = new Map<number, number>();
    let overlapInChat = false;
    const pipeline = createUpdatePipeline<TestUpdate>({
      inbox,
      keyOf: (u) => `chat:${u.chat}`,
      concurrency: 8,
      onError: (error) => {
        throw error;
      },
      async handle(u) {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        runningPerChat.set(u.chat, (runningPerChat.get(u.chat) ?? 0) + 1);
        if ((runningPerChat.get(u.chat) ?? 0) > 1) overlapInChat = true;
        // Uneven work: later updates of a chat are sometimes faster than earlier ones.
        await tick((u.n * 7 + u.chat * 3) % 5);
        seen.set(u.chat, [...(seen.get(u.chat) ?? []), u.n]);
        runningPerChat.set(u.chat, (runningPerChat.get(u.chat) ?? 0) - 1);
        running--;
      },
    });
    let id = 0;
    const batches = [];
    for (let n = 0; n < 10; n++) {
      const batch = [];
      for (let chat = 0; chat < 20; chat++) batch.push({ id: ++id, update: { chat, n } });
      batches.push(pipeline.receive(batch));
    }
    await Promise.all(batches);
    await pipeline.idle();
    for (let chat = 0; chat < 20; chat++) {
      expect(seen.get(chat)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    expect(overlapInChat).toBe(false);
    expect(mostAtOnce).toBe(8);
    expect(await inbox.pending()).toEqual([]);
    await pipeline.stop(0);
    await inbox.close();
  });

  it("replays what a stop interrupted, before newer updates of the same chat", async () => {
    const file = await inboxFile();
    const inbox = await openNdjsonInbox<TestUpdate>(file);
    const first = createUpdatePipeline<TestUpdate>({
      inbox,
      keyOf: (u) => String(u.chat),
      concurrency: 4,
      onError: () => undefined,
      // Never finishes on its own: the stop aborts it.
      handle: (_u, signal) =>
        new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve())),
    });
    await first.receive([
      { id: 1, update: { chat: 1, n: 0 } },
      { id: 2, update: { chat: 1, n: 1 } },
    ]);
    await first.stop(10);
    await inbox.close();

    const reopened = await openNdjsonInbox<TestUpdate>(file);
    const order: number[] = [];
    const second = createUpdatePipeline<TestUpdate>({
      inbox: reopened,
      keyOf: (u) => String(u.chat),
      concurrency: 4,
      onError: () => undefined,
      handle: async (u) => {
        order.push(u.n);
      },
    });
    expect(await second.replay()).toBe(2);
    // A redelivery of an update already in the inbox is not scheduled twice.
    expect(
      await second.receive([
        { id: 2, update: { chat: 1, n: 1 } },
        { id: 3, update: { chat: 1, n: 2 } },
      ]),
    ).toBe(1);
    await second.idle();
    expect(order).toEqual([0, 1, 2]);
    await second.stop(0);
    await reopened.close();
  });

  it("marks an update done when its handler fails, so a poison update does not loop", async () => {
    const inbox = await openNdjsonInbox<TestUpdate>(await inboxFile());
    const errors: number[] = [];
    const pipeline = createUpdatePipeline<TestUpdate>({
      inbox,
      keyOf: (u) => String(u.chat),
      concurrency: 2,
      onError: (_error, id) => errors.push(id),
      handle: async (u) => {
        if (u.n === 1) throw new Error("boom");
      },
    });
    await pipeline.receive([
      { id: 1, update: { chat: 1, n: 1 } },
      { id: 2, update: { chat: 1, n: 2 } },
    ]);
    await pipeline.idle();
    expect(errors).toEqual([1]);
    expect(await inbox.pending()).toEqual([]);
    await pipeline.stop(0);
    await inbox.close();
  });
});
