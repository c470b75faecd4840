/**
 * Query contract: the questions handlers ask (counts, audiences by event and province, recent
 * jobs), and one-step writes under concurrency, with the same assertions on every backend.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JobRecord, Recipient } from "../../../src/domain/broadcast/types.js";
import type { UserProfile } from "../../../src/domain/ports.js";
import type { CommunityEvent } from "../../../src/domain/types.js";
import type { Storage } from "../../../src/storage/storage.js";
import { backends, type OpenBackend } from "./backends.js";

const profile = (id: number, extra: Partial<UserProfile> = {}): UserProfile => ({
  key: `telegram:${id}`,
  channel: "telegram",
  chatId: String(id),
  firstSeen: "2013-10-20T00:00:00.000Z",
  lastSeen: "2013-10-29T10:00:00.000Z",
  ...extra,
});

const event = (version: number, venueName = "Trạm y tế"): CommunityEvent =>
  ({
    id: "ev1",
    programmeId: "p1",
    provinceId: "lai-chau",
    date: "2013-11-09",
    status: "scheduled",
    venueName,
    version,
    updatedAt: "2013-10-30T00:00:00.000Z",
  }) as CommunityEvent;

const job = (id: string, createdAt: string, extra: Partial<JobRecord> = {}): JobRecord => ({
  id,
  audience: { kind: "all" },
  content: { html: "<b>Tin</b>" },
  paid: false,
  createdBy: "telegram:1",
  createdAt,
  state: "draft",
  total: 3,
  ...extra,
});

const recipients = (count: number): Recipient[] =>
  Array.from({ length: count }, (_, i) => ({
    key: `telegram:${i}`,
    channel: "telegram",
    chatId: String(i),
    lang: "vi",
  }));

for (const backend of backends)
  describe.skipIf(!backend.available)(`storage query contract on ${backend.name}`, () => {
    let opened: OpenBackend;
    let s: Storage;
    beforeEach(async () => {
      opened = await backend.open();
      s = opened.repositories;
    });
    afterEach(async () => {
      await s.close();
      await opened.close();
    });

    it("is reachable and seeds once", async () => {
      await s.ping();
      expect(await s.seedOnce({ programmes: [], events: [event(1)] })).toBe(true);
      expect(await s.seedOnce({ programmes: [], events: [event(1, "Khác")] })).toBe(false);
      expect((await s.events.get("ev1"))?.venueName).toBe("Trạm y tế");
    });

    it("saves an event only over the version it was read at; of two concurrent saves one wins", async () => {
      expect((await s.events.save(event(1))).ok).toBe(true);
      const [a, b] = await Promise.all([
        s.events.save(event(2, "A"), 1),
        s.events.save(event(2, "B"), 1),
      ]);
      expect([a.ok, b.ok].sort()).toEqual([false, true]);
      const loser = a.ok ? b : a;
      const winner = a.ok ? a : b;
      expect(loser).toMatchObject({ ok: false, reason: "conflict" });
      const stored = await s.events.get("ev1");
      expect(stored?.venueName).toBe(winner.ok ? winner.value.venueName : undefined);
      const stale = await s.events.save(event(2, "C"), 1);
      expect(stale.ok).toBe(false);
      if (!stale.ok) expect(stale.current.version).toBe(2);
    });

    it("applies concurrent upserts of one user each, in order, and keeps them across a restart", async () => {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          s.users.upsert("telegram:7", (current) => ({
            ...(current ?? profile(7)),
            name: `${current?.name ?? ""}x`,
          })),
        ),
      );
      expect((await s.users.get("telegram:7"))?.name).toBe("x".repeat(50));
      const again = await opened.reopen();
      expect((await again.users.get("telegram:7"))?.name).toBe("x".repeat(50));
    });

    it("answers users by keys and counts them without listing", async () => {
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          s.users.upsert(`telegram:${i}`, () =>
            profile(i, {
              lang: i % 4 === 0 ? "en" : "vi",
              ...(i % 10 === 0 ? { blockedAt: "2013-10-29T00:00:00.000Z" } : {}),
              ...(i < 50 ? { lastSeen: "2013-10-01T00:00:00.000Z" } : {}),
            }),
          ),
        ),
      );
      const many = await s.users.getMany(["telegram:3", "telegram:150", "telegram:9999"]);
      expect([...many.keys()].sort()).toEqual(["telegram:150", "telegram:3"]);
      const stats = await s.users.stats(new Date("2013-10-22T00:00:00.000Z"));
      expect(stats).toMatchObject({ total: 200, blocked: 20, active: 150 });
      expect(stats.reachableByLang).toEqual({ en: 40, vi: 140 });
      let scanned = 0;
      for await (const page of s.users.scan()) scanned += page.length;
      expect(scanned).toBe(200);
      await s.users.delete("telegram:3");
      expect(await s.users.get("telegram:3")).toBeUndefined();
      expect((await s.users.stats(new Date(0))).total).toBe(199);
    });

    it("appends outcomes and reads them back with counts; lists recent jobs newest first", async () => {
      expect(await s.broadcasts.create(job("j1", "2013-10-30T01:00:00.000Z"), recipients(3))).toBe(
        true,
      );
      expect(await s.broadcasts.create(job("j1", "2013-10-30T01:00:00.000Z"), recipients(3))).toBe(
        false,
      );
      await s.broadcasts.create(
        job("j2", "2013-10-30T02:00:00.000Z", {
          audience: { kind: "reminder", eventId: "e", slot: "eve" },
        }),
        recipients(1),
      );
      await s.broadcasts.create(job("j3", "2013-10-30T03:00:00.000Z", { state: "sending" }), []);
      const log = await s.broadcasts.openLog("j1");
      log.append({ k: "telegram:0", r: "sent" });
      log.append({ k: "telegram:1", r: "failed", e: "400" });
      log.append({ k: "telegram:2", r: "blocked" });
      await log.close();
      expect(await s.broadcasts.outcomes("j1")).toEqual([
        { k: "telegram:0", r: "sent" },
        { k: "telegram:1", r: "failed", e: "400" },
        { k: "telegram:2", r: "blocked" },
      ]);
      expect(await s.broadcasts.recipients("j1")).toEqual(recipients(3));
      expect(await s.broadcasts.counts("j1")).toEqual({
        total: 3,
        sent: 1,
        failed: 1,
        blocked: 1,
        remaining: 0,
      });
      expect((await s.broadcasts.recent(10)).map((j) => j.id)).toEqual(["j3", "j2", "j1"]);
      expect((await s.broadcasts.recent(10, ["reminder"])).map((j) => j.id)).toEqual(["j3", "j1"]);
      expect((await s.broadcasts.recent(1)).map((j) => j.id)).toEqual(["j3"]);
      expect((await s.broadcasts.sending()).map((j) => j.id)).toEqual(["j3"]);
      await s.broadcasts.save({ ...job("j3", "2013-10-30T03:00:00.000Z"), state: "done" });
      expect(await s.broadcasts.sending()).toEqual([]);
    });

    it("finds the subscribers of an event among 100,000 subscriptions", async () => {
      const total = 100_000;
      for (let start = 0; start < total; start += 10_000) {
        await Promise.all(
          Array.from({ length: 10_000 }, (_, i) => {
            const n = start + i;
            return s.subscriptions.add({
              userKey: `telegram:${n}`,
              kind: n % 3 === 0 ? "province" : "event",
              target: n % 3 === 0 ? (n % 2 ? "lai-chau" : "ha-giang") : n % 3 === 1 ? "ev1" : "ev2",
              lang: n % 5 === 0 ? "en" : "vi",
              createdAt: "2013-10-30T00:00:00.000Z",
            });
          }),
        );
      }
      const ev1 = await s.subscriptions.forEvent("ev1");
      expect(ev1).toHaveLength(33_333);
      expect(ev1.find((r) => r.userKey === "telegram:10")).toEqual({
        userKey: "telegram:10",
        lang: "en",
      });
      expect(await s.subscriptions.forProvinces(["lai-chau", "ha-giang"])).toHaveLength(33_334);
      expect(await s.subscriptions.forProvinces(["lai-chau"])).toHaveLength(16_667);
      expect(await s.subscriptions.countsByEvent()).toEqual({ ev1: 33_333, ev2: 33_333 });
      expect(await s.subscriptions.remove("telegram:1", "event", "ev1")).toBe(true);
      expect(await s.subscriptions.remove("telegram:1", "event", "ev1")).toBe(false);
      expect((await s.subscriptions.countsByEvent()).ev1).toBe(33_332);
    }, 120_000);

    it("keeps one subscription per target, per user, and removes all of a user's", async () => {
      const sub = {
        userKey: "zalo:ab",
        kind: "event" as const,
        target: "ev1",
        lang: "vi" as const,
        createdAt: "2013-10-30T00:00:00.000Z",
      };
      const added = await Promise.all([s.subscriptions.add(sub), s.subscriptions.add(sub)]);
      expect(added.sort()).toEqual([false, true]);
      await s.subscriptions.add({ ...sub, kind: "province", target: "lai-chau" });
      expect(await s.subscriptions.listFor("zalo:ab")).toHaveLength(2);
      expect(await s.subscriptions.removeAllFor("zalo:ab")).toBe(2);
      expect(await s.subscriptions.listFor("zalo:ab")).toEqual([]);
      expect(await s.subscriptions.forEvent("ev1")).toEqual([]);
    });

    it("counts eligibility results per event and verdict, the latest per customer", async () => {
      const base = { provinceId: "lai-chau", outcomeId: "o", at: "2013-10-30T00:00:00.000Z" };
      await s.eligibility.save({ ...base, userKey: "a", eventId: "ev1", verdict: "eligible" });
      await s.eligibility.save({ ...base, userKey: "b", eventId: "ev1", verdict: "partly" });
      await s.eligibility.save({ ...base, userKey: "c", eventId: "ev1", verdict: "not_eligible" });
      await s.eligibility.save({ ...base, userKey: "a", eventId: "ev1", verdict: "not_eligible" });
      expect(await s.eligibility.countEligibleByEvent()).toEqual({ ev1: 1 });
      expect(await s.eligibility.countByVerdict()).toEqual({ partly: 1, not_eligible: 2 });
      await s.eligibility.delete("b");
      expect(await s.eligibility.get("b")).toBeUndefined();
      expect(await s.eligibility.countEligibleByEvent()).toEqual({});
    });

    it("keeps unanswered questions: open ones newest first, handled once, counted per user", async () => {
      for (let i = 0; i < 5; i++) {
        await s.unanswered.add({
          id: `q${i}`,
          text: `câu ${i}`,
          userKey: i < 3 ? "telegram:1" : "telegram:2",
          lang: "vi",
          at: `2013-10-30T0${i}:00:00.000Z`,
        });
      }
      expect((await s.unanswered.open(2)).map((q) => q.id)).toEqual(["q4", "q3"]);
      expect(await s.unanswered.markHandled(["q0", "q4", "nope"], "2013-10-31T00:00:00.000Z")).toBe(
        2,
      );
      expect(await s.unanswered.markHandled(["q0"], "2013-10-31T00:00:00.000Z")).toBe(0);
      expect(await s.unanswered.counts()).toEqual({ total: 5, open: 3 });
      expect(await s.unanswered.countBy("telegram:1", new Date("2013-10-30T01:00:00.000Z"))).toBe(
        2,
      );
      await s.unanswered.deleteFor("telegram:1");
      expect(await s.unanswered.counts()).toEqual({ total: 2, open: 1 });
    });
  });
