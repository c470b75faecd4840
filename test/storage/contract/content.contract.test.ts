/** Repository contract: events, programmes, users, questions, subscriptions, eligibility, sessions. */
import { afterEach, describe, expect, it } from "vitest";
import type { CommunityEvent, Programme } from "../../../src/domain/types.js";
import { backends, type OpenBackend } from "./backends.js";

const event = (
  id: string,
  version: number,
  extra: Partial<CommunityEvent> = {},
): CommunityEvent => ({
  id,
  programmeId: "p1",
  provinceId: "lai-chau",
  date: "2030-11-09",
  status: "scheduled",
  version,
  updatedAt: "2030-01-01T00:00:00.000Z",
  ...extra,
});

const programme: Programme = {
  id: "p1",
  name: { vi: "Chương trình thử" },
  organiser: { vi: "Ban tổ chức" },
  description: { vi: "Mô tả" },
  services: [{ vi: "Khám bệnh", en: "Check-ups" }],
  cost: { vi: "Miễn phí" },
  audience: { vi: "Mọi người" },
} as Programme;

for (const backend of backends) {
  describe.skipIf(!backend.available)(`repository contract on ${backend.name}`, () => {
    let open: OpenBackend | undefined;
    const start = async () => {
      open = await backend.open();
      return open.repositories;
    };
    afterEach(async () => {
      await open?.close();
      open = undefined;
    });

    it("events: a save with a stale version is refused and returns the newer event", async () => {
      const { events } = await start();
      expect(await events.save(event("e1", 1))).toMatchObject({ ok: true });
      expect(await events.save(event("e1", 2, { venueName: "A" }), 1)).toMatchObject({ ok: true });
      const stale = await events.save(event("e1", 2, { venueName: "B" }), 1);
      expect(stale).toMatchObject({ ok: false, reason: "conflict", current: { venueName: "A" } });
      const [first, second] = await Promise.all([
        events.save(event("e1", 3, { venueName: "C" }), 2),
        events.save(event("e1", 3, { venueName: "D" }), 2),
      ]);
      expect([first.ok, second.ok].filter(Boolean)).toHaveLength(1);
      const winner = first.ok ? first.value : second.ok ? second.value : undefined;
      const reopened = await open?.reopen();
      expect(await reopened?.events.get("e1")).toEqual(winner);
      expect((await reopened?.events.list())?.map((e) => e.id)).toEqual(["e1"]);
    });

    it("programmes: saved, replaced and read back", async () => {
      const { programmes } = await start();
      await programmes.save(programme);
      await programmes.save({ ...programme, cost: { vi: "Không mất tiền" } });
      const reopened = await open?.reopen();
      expect(await reopened?.programmes.list()).toEqual([
        { ...programme, cost: { vi: "Không mất tiền" } },
      ]);
      expect(await reopened?.programmes.get("nope")).toBeUndefined();
    });

    it("users: concurrent upserts of one key all apply; delete forgets", async () => {
      const { users } = await start();
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          users.upsert("telegram:9", (current) => ({
            key: "telegram:9",
            channel: "telegram",
            chatId: "9",
            firstSeen: current?.firstSeen ?? "2030-01-01T00:00:00.000Z",
            lastSeen: `2030-01-01T00:00:${String(i).padStart(2, "0")}.000Z`,
            name: `${current?.name ?? ""}+`,
          })),
        ),
      );
      await users.upsert("zalo:abc", () => ({
        key: "zalo:abc",
        channel: "zalo",
        chatId: "abc",
        lang: "en",
        firstSeen: "2030-01-02T00:00:00.000Z",
        lastSeen: "2030-01-02T00:00:00.000Z",
      }));
      const reopened = await open?.reopen();
      expect((await reopened?.users.get("telegram:9"))?.name).toBe("+".repeat(30));
      const many = await reopened?.users.getMany(["zalo:abc", "telegram:9", "telegram:404"]);
      expect([...(many?.keys() ?? [])].sort()).toEqual(["telegram:9", "zalo:abc"]);
      expect(many?.get("zalo:abc")?.lang).toBe("en");
      await reopened?.users.upsert("telegram:9", (current) => ({
        ...(current as NonNullable<typeof current>),
        blockedAt: "2030-01-03T00:00:00.000Z",
      }));
      expect(await reopened?.users.stats(new Date("2030-01-01T12:00:00.000Z"))).toEqual({
        total: 2,
        blocked: 1,
        active: 1,
        reachableByLang: { en: 1 },
      });
      await reopened?.users.delete("telegram:9");
      expect(await reopened?.users.get("telegram:9")).toBeUndefined();
    });

    it("unanswered questions: kept in order, marked handled once", async () => {
      const { unanswered } = await start();
      for (const [i, text] of ["giá vàng?", "thời tiết?", "xổ số?"].entries()) {
        await unanswered.add({
          id: `q${i}`,
          text,
          userKey: "telegram:1",
          lang: "vi",
          at: `2030-01-0${i + 1}`,
        });
      }
      expect(await unanswered.markHandled(["q0", "q2", "zz"], "2030-02-01")).toBe(2);
      expect(await unanswered.markHandled(["q0"], "2030-02-02")).toBe(0);
      const reopened = await open?.reopen();
      expect((await reopened?.unanswered.open(10))?.map((q) => q.id)).toEqual(["q1"]);
      expect(await reopened?.unanswered.counts()).toEqual({ total: 3, open: 1 });
      await reopened?.unanswered.add({
        id: "q3",
        text: "mấy giờ?",
        userKey: "telegram:2",
        lang: "vi",
        at: "2030-01-05T00:00:00.000Z",
      });
      expect((await reopened?.unanswered.open(1))?.map((q) => q.id)).toEqual(["q3"]);
      expect(await reopened?.unanswered.countBy("telegram:1", new Date("2030-01-02"))).toBe(2);
      await reopened?.unanswered.deleteFor("telegram:1");
      expect(await reopened?.unanswered.counts()).toEqual({ total: 1, open: 1 });
    });

    it("subscriptions: one per (user, kind, target); removed one by one or all at once", async () => {
      const { subscriptions } = await start();
      const sub = (userKey: string, kind: "event" | "province", target: string) => ({
        userKey,
        kind,
        target,
        lang: "vi" as const,
        createdAt: "2030-01-01T00:00:00.000Z",
      });
      const results = await Promise.all([
        subscriptions.add(sub("telegram:1", "event", "e1")),
        subscriptions.add(sub("telegram:1", "event", "e1")),
      ]);
      expect(results.sort()).toEqual([false, true]);
      expect(await subscriptions.add(sub("telegram:1", "province", "lai-chau"))).toBe(true);
      expect(await subscriptions.add(sub("telegram:2", "event", "e1"))).toBe(true);
      const reopened = await open?.reopen();
      expect((await reopened?.subscriptions.listFor("telegram:1"))?.map((s) => s.target)).toEqual([
        "e1",
        "lai-chau",
      ]);
      expect(await reopened?.subscriptions.forEvent("e1")).toEqual([
        { userKey: "telegram:1", lang: "vi" },
        { userKey: "telegram:2", lang: "vi" },
      ]);
      expect(await reopened?.subscriptions.forProvinces(["lai-chau", "dien-bien"])).toEqual([
        { userKey: "telegram:1", lang: "vi" },
      ]);
      expect(await reopened?.subscriptions.countsByEvent()).toEqual({ e1: 2 });
      const scanned = [];
      for await (const page of reopened?.subscriptions.scan() ?? []) scanned.push(...page);
      expect(scanned).toHaveLength(3);
      expect(await reopened?.subscriptions.remove("telegram:1", "event", "e1")).toBe(true);
      expect(await reopened?.subscriptions.remove("telegram:1", "event", "e1")).toBe(false);
      expect(await reopened?.subscriptions.removeAllFor("telegram:1")).toBe(1);
      const left = [];
      for await (const page of reopened?.subscriptions.scan() ?? []) left.push(...page);
      expect(left).toEqual([sub("telegram:2", "event", "e1")]);
    });

    it("eligibility: the latest result per customer", async () => {
      const { eligibility } = await start();
      const record = {
        userKey: "telegram:1",
        eventId: "e1",
        provinceId: "lai-chau",
        outcomeId: "full",
        verdict: "eligible" as const,
        at: "2030-01-01T00:00:00.000Z",
      };
      await eligibility.save(record);
      await eligibility.save({ ...record, verdict: "not_eligible", outcomeId: "none" });
      await eligibility.save({ ...record, userKey: "telegram:2" });
      const reopened = await open?.reopen();
      expect((await reopened?.eligibility.get("telegram:1"))?.verdict).toBe("not_eligible");
      expect(await reopened?.eligibility.countEligibleByEvent()).toEqual({ e1: 1 });
      expect(await reopened?.eligibility.countByVerdict()).toEqual({
        eligible: 1,
        not_eligible: 1,
      });
      await reopened?.eligibility.delete("telegram:1");
      expect(await reopened?.eligibility.get("telegram:1")).toBeUndefined();
    });

    it("users: a scan pages through a large audience, each profile once", async () => {
      const { users } = await start();
      const count = 5000;
      for (let i = 0; i < count; i++) {
        await users.upsert(`telegram:${i}`, () => ({
          key: `telegram:${i}`,
          channel: "telegram",
          chatId: String(i),
          firstSeen: "2030-01-01T00:00:00.000Z",
          lastSeen: "2030-01-01T00:00:00.000Z",
        }));
      }
      const keys = new Set<string>();
      for await (const page of (await open?.reopen())?.users.scan() ?? []) {
        for (const user of page) keys.add(user.key);
      }
      expect(keys.size).toBe(count);
    }, 120_000);

    it("question tally: concurrent counts per day all land", async () => {
      const { questionTally } = await start();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          questionTally.add(i < 15 ? "2030-01-02" : "2030-01-01", i % 3 !== 0),
        ),
      );
      expect(await questionTally.days()).toEqual([
        { day: "2030-01-01", answered: 3, unanswered: 2 },
        { day: "2030-01-02", answered: 10, unanswered: 5 },
      ]);
    });

    it("zalo: chat state and handled message ids survive a restart", async () => {
      const { zalo } = await start();
      await zalo.chats.put("zalo:1", { choices: [{ label: "Lịch khám" }] });
      await zalo.seen.add("m1", new Date("2030-01-01T00:00:00.000Z"));
      const reopened = await open?.reopen();
      expect(await reopened?.zalo.chats.get("zalo:1")).toEqual({
        choices: [{ label: "Lịch khám" }],
      });
      expect(await reopened?.zalo.seen.has("m1")).toBe(true);
      expect(await reopened?.zalo.seen.has("m2")).toBe(false);
      await reopened?.zalo.chats.delete("zalo:1");
      expect(await reopened?.zalo.chats.get("zalo:1")).toBeUndefined();
    });

    it("seeds once: a second start does not bring back what coordinators changed", async () => {
      const storage = await start();
      const seed = { programmes: [programme], events: [event("s1", 1)] };
      expect(await storage.seedOnce(seed)).toBe(true);
      await storage.events.save(event("s1", 2, { status: "cancelled" }), 1);
      const reopened = await open?.reopen();
      expect(await reopened?.seedOnce(seed)).toBe(false);
      expect((await reopened?.events.get("s1"))?.status).toBe("cancelled");
      await reopened?.ping();
    });

    it("sessions and conversation state: written, read back, deleted", async () => {
      const { sessions } = await start();
      await sessions.write("42", { dialogue: { provinceIds: ["lai-chau"] }, lang: "vi" });
      await sessions.write("42", { dialogue: { provinceIds: ["dien-bien"] }, lang: "vi" });
      expect(await sessions.read("42")).toEqual({
        dialogue: { provinceIds: ["dien-bien"] },
        lang: "vi",
      });
      await sessions.delete("42");
      expect(await sessions.read("42")).toBeUndefined();
      // Conversation state is durable when the write resolves: a restart finds it.
      const state = { version: ["conversations", 1], state: [] } as unknown as Parameters<
        OpenBackend["repositories"]["conversations"]["write"]
      >[1];
      await open?.repositories.conversations.write("42", state);
      const reopened = await open?.reopen();
      expect(await reopened?.conversations.read("42")).toEqual(state);
      await reopened?.conversations.delete("42");
      expect(await reopened?.conversations.read("42")).toBeUndefined();
    });
  });
}
