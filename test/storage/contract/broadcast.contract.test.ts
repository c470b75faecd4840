/** Storage contract of broadcast jobs: frozen audiences, the outcome log, large audiences. */
import { afterEach, describe, expect, it } from "vitest";
import type { JobRecord, Recipient } from "../../../src/domain/broadcast/types.js";
import { backends, type OpenBackend } from "./backends.js";

const recipients = (count: number): Recipient[] =>
  Array.from({ length: count }, (_, i) => ({
    key: i % 10 === 9 ? `zalo:${i}` : `telegram:${i}`,
    channel: i % 10 === 9 ? "zalo" : "telegram",
    chatId: String(i),
    lang: i % 4 === 0 ? "en" : "vi",
  }));

const job = (id: string, total: number, createdAt = "2030-01-01T00:00:00.000Z"): JobRecord => ({
  id,
  audience: { kind: "all" },
  content: { html: "<b>Lịch</b> đổi" },
  contentByLang: { en: { html: "Schedule <i>changed</i>" } },
  paid: false,
  createdBy: "telegram:7",
  createdAt,
  state: "sending",
  total,
  progressChatId: "7",
});

for (const backend of backends) {
  describe.skipIf(!backend.available)(`broadcast store contract on ${backend.name}`, () => {
    let open: OpenBackend | undefined;
    const start = async () => {
      open = await backend.open();
      return open.repositories;
    };
    afterEach(async () => {
      await open?.close();
      open = undefined;
    });

    it("a job is created once with its audience; listed newest first; state changes are kept", async () => {
      const { broadcasts } = await start();
      expect(await broadcasts.create(job("j1", 3), recipients(3))).toBe(true);
      expect(await broadcasts.create(job("j1", 5), recipients(5))).toBe(false);
      await broadcasts.create(job("j2", 0, "2030-01-02T00:00:00.000Z"), []);
      await broadcasts.save({ ...job("j1", 3), state: "paused" });
      const reopened = await open?.reopen();
      expect((await reopened?.broadcasts.recent(10))?.map((j) => [j.id, j.state])).toEqual([
        ["j2", "sending"],
        ["j1", "paused"],
      ]);
      expect((await reopened?.broadcasts.recent(1))?.map((j) => j.id)).toEqual(["j2"]);
      expect((await reopened?.broadcasts.recent(10, ["all"]))?.map((j) => j.id)).toEqual([]);
      expect((await reopened?.broadcasts.sending())?.map((j) => j.id)).toEqual(["j2"]);
      expect(await reopened?.broadcasts.get("j1")).toEqual({ ...job("j1", 3), state: "paused" });
      expect(await reopened?.broadcasts.recipients("j1")).toEqual(recipients(3));
      expect(await reopened?.broadcasts.get("nope")).toBeUndefined();
    });

    it("outcomes appended by a log read back in order, across a reopen", async () => {
      const { broadcasts } = await start();
      await broadcasts.create(job("j1", 4), recipients(4));
      const log = await broadcasts.openLog("j1");
      await log.append({ k: "telegram:0", r: "sent" });
      await log.append({ k: "telegram:1", r: "blocked", e: "403" });
      await log.append({ k: "telegram:2", r: "failed", e: "502" });
      await log.close();
      const reopened = await open?.reopen();
      expect(await reopened?.broadcasts.outcomes("j1")).toEqual([
        { k: "telegram:0", r: "sent" },
        { k: "telegram:1", r: "blocked", e: "403" },
        { k: "telegram:2", r: "failed", e: "502" },
      ]);
      expect(await reopened?.broadcasts.counts("j1")).toEqual({
        total: 4,
        sent: 1,
        failed: 1,
        blocked: 1,
        remaining: 1,
      });
      // A second run (after a restart) appends to the same log.
      const again = await reopened?.broadcasts.openLog("j1");
      await again?.append({ k: "telegram:3", r: "sent" });
      await again?.close();
      expect((await reopened?.broadcasts.outcomes("j1"))?.map((o) => o.k)).toEqual([
        "telegram:0",
        "telegram:1",
        "telegram:2",
        "telegram:3",
      ]);
    });

    it("button presses count each person once per job, across a reopen; unknown jobs record nothing", async () => {
      const { broadcasts } = await start();
      await broadcasts.create(job("j1", 3), recipients(3));
      await broadcasts.create(job("j2", 3), recipients(3));
      await broadcasts.recordPress("j1", "telegram:0");
      await broadcasts.recordPress("j1", "telegram:0");
      await broadcasts.recordPress("j1", "telegram:2");
      await broadcasts.recordPress("j2", "telegram:1");
      await broadcasts.recordPress("gone", "telegram:1");
      expect(await broadcasts.pressCount("j1")).toBe(2);
      const reopened = await open?.reopen();
      await reopened?.broadcasts.recordPress("j1", "telegram:2");
      await reopened?.broadcasts.recordPress("j1", "telegram:1");
      expect(await reopened?.broadcasts.pressCount("j1")).toBe(3);
      expect(await reopened?.broadcasts.pressCount("j2")).toBe(1);
      expect(await reopened?.broadcasts.pressCount("gone")).toBe(0);
    });

    it("a 50,000-person audience is stored whole and its outcomes read back complete", async () => {
      const { broadcasts } = await start();
      const audience = recipients(50_000);
      await broadcasts.create(job("big", audience.length), audience);
      const log = await broadcasts.openLog("big");
      const writes: Array<void | Promise<void>> = [];
      for (const r of audience.slice(0, 10_000)) writes.push(log.append({ k: r.key, r: "sent" }));
      await Promise.all(writes);
      await log.close();
      const reopened = await open?.reopen();
      const stored = await reopened?.broadcasts.recipients("big");
      expect(stored).toHaveLength(50_000);
      expect(stored?.[49_999]).toEqual(audience[49_999]);
      const outcomes = await reopened?.broadcasts.outcomes("big");
      expect(outcomes).toHaveLength(10_000);
      expect(new Set(outcomes?.map((o) => o.k)).size).toBe(10_000);
    });
  });
}
