/**
 * The shared update inbox and per-chat locks of several instances: an update delivered to two
 * instances is handled once, one chat's updates are handled in order whichever instance got
 * them, and a chat lock held by an instance killed with -9 is free again at once.
 */
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../src/app.js";
import {
  type ChatLocks,
  handleInChatOrder,
  openChatLocks,
} from "../../../src/storage/postgres/chat-locks.js";
import { migrate } from "../../../src/storage/postgres/migrate.js";
import { postgresUpdateInbox } from "../../../src/storage/postgres/update-inbox.js";
import {
  createServerDatabase,
  DATABASE_BACKENDS,
  TEST_DATABASE_URL,
  type TestDatabase,
} from "../../support/databases.js";

interface FakeUpdate {
  update_id: number;
  chat: number;
}
const keyOf = (u: FakeUpdate) => `chat:${u.chat}`;

for (const backend of DATABASE_BACKENDS) {
  describe.skipIf(!backend.available)(`update inbox on ${backend.name}`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => {
      await db?.drop();
      db = undefined;
    });

    it("appends each update once across instances; pending, per chat, until done", async () => {
      db = await backend.open();
      await migrate(db.client);
      const a = postgresUpdateInbox<FakeUpdate>(db.client, { channel: "telegram", keyOf });
      const b = postgresUpdateInbox<FakeUpdate>(db.client, { channel: "telegram", keyOf });
      const item = (id: number, chat: number) => ({ id, update: { update_id: id, chat } });
      expect((await a.append([item(1, 7), item(2, 8), item(3, 7)])).map((i) => i.id)).toEqual([
        1, 2, 3,
      ]);
      // A Telegram retry reaching the other instance is not new.
      expect((await b.append([item(3, 7), item(4, 7)])).map((i) => i.id)).toEqual([4]);
      await b.markDone(1);
      expect((await a.pending()).map((i) => i.id)).toEqual([2, 3, 4]);
      expect((await a.pendingFor("chat:7", 3)).map((i) => i.id)).toEqual([3]);
      expect(await a.lastId()).toBe(4);
      expect(await a.healthy()).toBe(true);
      expect(await postgresUpdateInbox(db.client, { channel: "zalo", keyOf }).lastId()).toBe(0);
    });
  });
}

describe.skipIf(!TEST_DATABASE_URL)("per-chat order across two instances (real PostgreSQL)", () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it("160 updates of 20 chats spread over two instances (some delivered to both): each handled once, in order", async () => {
    const db = await createServerDatabase();
    cleanup.push(() => db.drop());
    await migrate(db.client);
    const handled: Array<{ id: number; chat: number; by: string }> = [];
    const instance = async (name: string) => {
      const locks: ChatLocks = await openChatLocks(db.url);
      cleanup.push(() => locks.close());
      const inbox = postgresUpdateInbox<FakeUpdate>(db.client, { channel: "telegram", keyOf });
      const handle = handleInChatOrder<FakeUpdate>({
        locks,
        inbox,
        keyOf,
        idOf: (u) => u.update_id,
        handle: async (u) => {
          // Interleave with everything else going on, as a real handler awaiting the network.
          await new Promise((resolve) => setTimeout(resolve, 2 + ((u.update_id * 7) % 5)));
          handled.push({ id: u.update_id, chat: u.chat, by: name });
        },
        onError: (error) => {
          throw error;
        },
      });
      // Like the pipeline: chats concurrently, one chat's updates one after another.
      const queues = new Map<string, Promise<unknown>>();
      return {
        receive: async (updates: FakeUpdate[]) => {
          const fresh = await inbox.append(updates.map((u) => ({ id: u.update_id, update: u })));
          for (const { update } of fresh) {
            const key = keyOf(update);
            const next = (queues.get(key) ?? Promise.resolve()).then(() =>
              handle(update, new AbortController().signal),
            );
            queues.set(key, next);
          }
        },
        idle: () => Promise.all(queues.values()),
      };
    };
    const [a, b] = await Promise.all([instance("a"), instance("b")]);
    const updates: FakeUpdate[] = [];
    for (let n = 0; n < 8; n++) {
      for (let chat = 1; chat <= 20; chat++) updates.push({ update_id: updates.length + 1, chat });
    }
    // Round-robin like a load balancer (a chat's consecutive updates land on alternate
    // instances), and every fifth also retried on the other instance. As Telegram does, a chat's
    // next update is posted once the previous one was acknowledged; chats go concurrently.
    const chats = new Map<number, Promise<void>>();
    updates.forEach((u, i) => {
      const [first, second] = (i + Math.floor(i / 20)) % 2 === 0 ? [a, b] : [b, a];
      const previous = chats.get(u.chat) ?? Promise.resolve();
      chats.set(
        u.chat,
        previous.then(async () => {
          await first.receive([u]);
          if (i % 5 === 0) await second.receive([u]);
        }),
      );
    });
    await Promise.all(chats.values());
    await Promise.all([a.idle(), b.idle()]);
    expect(handled.map((h) => h.id).sort((x, y) => x - y)).toEqual(updates.map((u) => u.update_id));
    for (let chat = 1; chat <= 20; chat++) {
      const ids = handled.filter((h) => h.chat === chat).map((h) => h.id);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
    }
    expect(new Set(handled.map((h) => h.by))).toEqual(new Set(["a", "b"]));
  });

  it("a chat lock held by an instance killed with -9 is free again at once", async () => {
    const db = await createServerDatabase();
    cleanup.push(() => db.drop());
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import pg from "pg";
         const c = new pg.Client({ connectionString: process.env.URL });
         await c.connect();
         await c.query("SELECT pg_advisory_lock(7401300, hashtext('chat:42'))");
         console.log("LOCKED");
         setInterval(() => {}, 1000);`,
      ],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, URL: db.url },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const exited = new Promise<void>((resolve) => holder.once("exit", () => resolve()));
    cleanup.push(async () => {
      holder.kill("SIGKILL");
    });
    await new Promise<void>((resolve) => {
      holder.stdout?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("LOCKED")) resolve();
      });
    });
    const locks = await openChatLocks(db.url);
    cleanup.push(() => locks.close());
    let ran = false;
    const waiting = locks.withLock("chat:42", async () => {
      ran = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ran).toBe(false);
    holder.kill("SIGKILL");
    await exited;
    await waiting;
    expect(ran).toBe(true);
  });
});
