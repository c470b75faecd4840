import { access, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UserProfile } from "../../src/domain/ports.js";
import { openLowdbStorage } from "../../src/storage/lowdb-storage.js";

const user = (id: number): UserProfile => ({
  key: `telegram:${id}`,
  channel: "telegram",
  chatId: String(id),
  lang: "vi",
  firstSeen: "2013-10-29T00:00:00.000Z",
  lastSeen: "2013-10-30T00:00:00.000Z",
});

describe("a DATA_DIR of the previous version (one file per collection)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loa-migrate-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it("opens with every user, subscription, result, question, session and Zalo chat kept", async () => {
    const users = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`telegram:${i}`, user(i)]),
    );
    const subscriptions = Array.from({ length: 300 }, (_, i) => ({
      userKey: `telegram:${i}`,
      kind: i % 2 ? "event" : "province",
      target: i % 2 ? "hg13" : "ha-giang",
      lang: "vi",
      createdAt: "2013-10-30T00:00:00.000Z",
    }));
    const files: Record<string, unknown> = {
      "users.json": { users },
      "subscriptions.json": { subscriptions },
      "eligibility.json": {
        results: {
          "telegram:1": {
            userKey: "telegram:1",
            eventId: "hg13",
            provinceId: "ha-giang",
            outcomeId: "full",
            verdict: "eligible",
            at: "2013-10-30T00:00:00.000Z",
          },
        },
      },
      "unanswered.json": {
        questions: [
          {
            id: "q1",
            text: "giá vàng",
            userKey: "telegram:2",
            lang: "vi",
            at: "2013-10-30T00:00:00Z",
          },
        ],
      },
      "sessions.json": { entries: { "7": { dialogue: { provinceIds: ["lai-chau"] } } } },
      "conversations.json": { entries: { "7": { version: 1, state: {} } } },
      "zalo.json": { seen: ["m1", "m2"], chats: { "zalo:abc": { choices: [] } } },
      "handoff.json": {
        tickets: [
          {
            id: "t1",
            createdAt: "2013-10-30T00:00:00.000Z",
            source: "handoff",
            askers: [{ userKey: "zalo:abc", lang: "vi", text: "gặp người thật" }],
            prompts: [{ chatId: "-100", messageId: 5, mode: "reply", by: 9 }],
            replies: [],
          },
        ],
      },
      "events.json": { events: [] },
      "programmes.json": { programmes: [] },
    };
    for (const [name, content] of Object.entries(files)) {
      await writeFile(join(dir, name), JSON.stringify(content));
    }
    const storage = await openLowdbStorage(dir);
    expect((await storage.users.stats(new Date(0))).total).toBe(300);
    expect(await storage.users.get("telegram:299")).toMatchObject({ chatId: "299" });
    expect(await storage.subscriptions.forEvent("hg13")).toHaveLength(150);
    expect(await storage.subscriptions.forProvinces(["ha-giang"])).toHaveLength(150);
    expect(await storage.eligibility.countByVerdict()).toEqual({ eligible: 1 });
    expect((await storage.unanswered.open(10)).map((q) => q.id)).toEqual(["q1"]);
    expect(await storage.sessions.read("7")).toEqual({ dialogue: { provinceIds: ["lai-chau"] } });
    expect(await storage.conversations.read("7")).toEqual({ version: 1, state: {} });
    expect(await storage.zalo.seen.has("m2")).toBe(true);
    expect(await storage.zalo.chats.get("zalo:abc")).toEqual({ choices: [] });
    expect((await storage.handoff.byPrompt("-100", 5))?.askers[0]?.text).toBe("gặp người thật");
    // An old data dir counts as seeded: coordinators' data is never overwritten by the seed.
    expect(await storage.seedOnce({ programmes: [], events: [] })).toBe(false);
    // The old file is kept beside the new layout, renamed, and the next open does not redo it.
    await access(join(dir, "users.json.migrated"));
    await access(join(dir, "handoff.json.migrated"));
    await storage.users.upsert("telegram:0", (u) => ({ ...(u ?? user(0)), name: "Hoa" }));
    const again = await openLowdbStorage(dir);
    expect(await again.users.get("telegram:0")).toMatchObject({ name: "Hoa" });
    expect((await again.users.stats(new Date(0))).total).toBe(300);
  });

  it("a start that died while seeding seeds again on the next start", async () => {
    // What the first start left: its marker without `seededAt`, and some of the seed.
    await writeFile(join(dir, "storage.json"), JSON.stringify({ format: 1 }));
    await writeFile(join(dir, "programmes.json"), JSON.stringify({ programmes: [] }));
    const storage = await openLowdbStorage(dir);
    const event = {
      id: "ev1",
      programmeId: "p1",
      provinceId: "lai-chau",
      date: "2013-11-09",
      status: "scheduled" as const,
      version: 1,
      updatedAt: "2013-10-30T00:00:00.000Z",
    };
    expect(await storage.seedOnce({ programmes: [], events: [event] })).toBe(true);
    expect(await (await openLowdbStorage(dir)).events.get("ev1")).toMatchObject({ id: "ev1" });
    expect(await (await openLowdbStorage(dir)).seedOnce({ programmes: [], events: [] })).toBe(
      false,
    );
  });
});
