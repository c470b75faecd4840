/**
 * What the PostgreSQL backend must hold when several connections (several instances) use it at
 * once. On PGlite (one connection) these show the SQL is right; on the real server
 * (TEST_DATABASE_URL) the statements really race on separate connections of the pool.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { PendingAction } from "../../../src/domain/admin/types.js";
import type { Recipient } from "../../../src/domain/broadcast/types.js";
import type { CommunityEvent } from "../../../src/domain/types.js";
import { openPostgresStorage } from "../../../src/storage/postgres/index.js";
import { loadSeed } from "../../../src/storage/seed.js";
import { DATABASE_BACKENDS, type TestDatabase } from "../../support/databases.js";

const event = (version: number, venueName: string): CommunityEvent => ({
  id: "ev1",
  programmeId: "p1",
  provinceId: "lai-chau",
  date: "2030-11-09",
  status: "scheduled",
  version,
  updatedAt: "2030-01-01T00:00:00.000Z",
  venueName,
});

for (const backend of DATABASE_BACKENDS) {
  describe.skipIf(!backend.available)(`PostgreSQL backend on ${backend.name}`, () => {
    let db: TestDatabase | undefined;
    const open = async () => {
      db = await backend.open();
      return openPostgresStorage("", { client: db.client });
    };
    afterEach(async () => {
      await db?.drop();
      db = undefined;
    });

    it("of two coordinators saving version 1 at once, one wins and the other sees the winner", async () => {
      const { events } = await open();
      await events.save(event(1, "Trạm y tế"));
      const [a, b] = await Promise.all([
        events.save(event(2, "Nhà văn hoá A"), 1),
        events.save(event(2, "Nhà văn hoá B"), 1),
      ]);
      const results = [a, b];
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const lost = results.find((r) => !r.ok);
      const won = results.find((r) => r.ok);
      expect(lost?.ok === false && lost.current.venueName).toBe(
        won?.ok === true && won.value.venueName,
      );
      expect((await events.get("ev1"))?.venueName).toBe(won?.ok === true && won.value.venueName);
    });

    it("fifty concurrent upserts of one user all apply (none is lost)", async () => {
      const { users } = await open();
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          users.upsert("telegram:1", (current) => ({
            key: "telegram:1",
            channel: "telegram",
            chatId: "1",
            firstSeen: current?.firstSeen ?? "2030-01-01T00:00:00.000Z",
            lastSeen: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
            name: `${current?.name ?? ""}x`,
          })),
        ),
      );
      const stored = await users.get("telegram:1");
      expect(stored?.name).toBe("x".repeat(50));
      expect((await users.stats(new Date(0))).total).toBe(1);
    });

    it("a confirm token tapped twenty times at once runs once; the others are told it was used", async () => {
      const { pending } = await open();
      const action: PendingAction = {
        token: "tok1",
        actorId: 7,
        createdAt: "2030-01-01T00:00:00.000Z",
        expiresAt: "2030-01-01T00:10:00.000Z",
        payload: { kind: "unanswered_handled", ids: ["q1"] },
      };
      await pending.put(action);
      const now = new Date("2030-01-01T00:01:00.000Z");
      const results = await Promise.all(
        Array.from({ length: 20 }, () => pending.take("tok1", 7, now)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === "used")).toHaveLength(19);
      expect(await pending.take("tok1", 8, now)).toEqual({ ok: false, reason: "not_yours" });
      expect(await pending.take("nope", 7, now)).toEqual({ ok: false, reason: "missing" });
      await pending.put({ ...action, token: "tok2" });
      expect(await pending.take("tok2", 7, new Date("2030-01-01T00:10:00.000Z"))).toEqual({
        ok: false,
        reason: "expired",
      });
    });

    it("a 20,000-recipient job keeps its audience in order and reads back every appended outcome", async () => {
      const { broadcasts } = await open();
      const recipients: Recipient[] = Array.from({ length: 20_000 }, (_, i) => ({
        key: `telegram:${i}`,
        channel: "telegram",
        chatId: String(i),
        lang: i % 3 === 0 ? "en" : "vi",
      }));
      const job = {
        id: "job1",
        audience: { kind: "all" } as const,
        content: { html: "Xin chào" },
        paid: false,
        createdBy: "telegram:7",
        createdAt: "2030-01-01T00:00:00.000Z",
        state: "sending" as const,
        total: recipients.length,
      };
      expect(await broadcasts.create(job, recipients)).toBe(true);
      expect(await broadcasts.create(job, recipients)).toBe(false);
      expect(await broadcasts.recipients("job1")).toEqual(recipients);
      const log = await broadcasts.openLog("job1");
      for (const [i, r] of recipients.slice(0, 1200).entries()) {
        log.append(i % 100 === 5 ? { k: r.key, r: "failed", e: "400" } : { k: r.key, r: "sent" });
      }
      // A resend after a crash logs the same recipient again: the first result stays.
      log.append({ k: "telegram:0", r: "failed", e: "500" });
      await log.close();
      const outcomes = await broadcasts.outcomes("job1");
      expect(outcomes).toHaveLength(1200);
      expect(outcomes[0]).toEqual({ k: "telegram:0", r: "sent" });
      expect(outcomes[5]).toEqual({ k: "telegram:5", r: "failed", e: "400" });
      expect(outcomes.map((o) => o.k)).toEqual(recipients.slice(0, 1200).map((r) => r.key));
    });

    it("seeds a new database once, whatever the number of instances starting on it", async () => {
      db = await backend.open();
      const seed = await loadSeed("data");
      const client = db.client;
      // Three instances start on a new database at once: they migrate and seed together.
      const starts = await Promise.all([1, 2, 3].map(() => openPostgresStorage("", { client })));
      const seeded = await Promise.all(starts.map((storage) => storage.seedOnce(seed)));
      expect(seeded.filter(Boolean)).toHaveLength(1);
      const { events } = starts[0] as (typeof starts)[0];
      for (const e of seed.events) expect((await events.get(e.id))?.date).toBe(e.date);
      // An event a coordinator changed is not brought back by a restart.
      await events.save({ ...(seed.events[0] as CommunityEvent), venueName: "đã đổi" });
      const again = await openPostgresStorage("", { client });
      expect(await again.seedOnce(seed)).toBe(false);
      expect((await events.get(seed.events[0]?.id ?? ""))?.venueName).toBe("đã đổi");
    });
  });
}

for (const backend of DATABASE_BACKENDS) {
  describe.skipIf(!backend.available)(`broadcast claims on ${backend.name}`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => {
      await db?.drop();
      db = undefined;
    });

    it("instances claim disjoint recipients; logged ones are done; a dead instance's claims come back", async () => {
      db = await backend.open();
      const { broadcasts } = await openPostgresStorage("", { client: db.client });
      const claims = broadcasts.claims;
      if (!claims) throw new Error("the PostgreSQL store shares jobs through claims");
      const recipients: Recipient[] = Array.from({ length: 100 }, (_, i) => ({
        key: `telegram:${i}`,
        channel: "telegram",
        chatId: String(i),
        lang: "vi",
      }));
      await broadcasts.create(
        {
          id: "j",
          audience: { kind: "all" },
          content: { html: "x" },
          paid: false,
          createdBy: "telegram:1",
          createdAt: "2030-01-01T00:00:00.000Z",
          state: "sending",
          total: 100,
        },
        recipients,
      );
      const [a, b] = await Promise.all([
        claims.claim("j", "a", 30, 60_000),
        claims.claim("j", "b", 30, 60_000),
      ]);
      const keys = [...(a ?? []), ...(b ?? [])].map((r) => r.key);
      expect(keys).toHaveLength(60);
      expect(new Set(keys).size).toBe(60);
      const log = await broadcasts.openLog("j");
      for (const r of a ?? []) await log.append({ k: r.key, r: "sent" });
      await log.close();
      expect(await claims.openCount("j")).toBe(70);
      // `b` stops gracefully and gives its claims back; `c` claims everything left with a 50 ms
      // lease and dies: once the lease has passed, `d` gets the same recipients.
      await claims.release("j", "b");
      const shortLived = await claims.claim("j", "c", 100, 50);
      expect(shortLived).toHaveLength(70);
      await new Promise((resolve) => setTimeout(resolve, 120));
      const again = await claims.claim("j", "d", 100, 60_000);
      expect(again.map((r) => r.key)).toEqual(shortLived.map((r) => r.key));
      expect(await claims.claim("j", "e", 100, 60_000)).toEqual([]);
    });
  });
}
