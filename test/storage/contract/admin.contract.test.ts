/** Repository contract: coordinators, the audit log, single-use confirm tokens. */
import { afterEach, describe, expect, it } from "vitest";
import type { PendingAction } from "../../../src/domain/admin/types.js";
import { backends, type OpenBackend } from "./backends.js";

const action = (token: string): PendingAction => ({
  token,
  actorId: 7,
  createdAt: "2030-01-01T00:00:00.000Z",
  expiresAt: "2030-01-01T00:10:00.000Z",
  payload: { kind: "unanswered_handled", ids: ["q1"] },
});

for (const backend of backends) {
  describe.skipIf(!backend.available)(`coordinator storage contract on ${backend.name}`, () => {
    let open: OpenBackend | undefined;
    const start = async () => {
      open = await backend.open();
      return open.repositories;
    };
    afterEach(async () => {
      await open?.close();
      open = undefined;
    });

    it("a confirm token tapped at once from two instances runs once; the rest hear it was used", async () => {
      const { pending } = await start();
      await pending.put(action("t1"));
      // Two instances on one database where the backend allows it; one process otherwise.
      const second = backend.multiInstance ? await open?.reopen() : undefined;
      const now = new Date("2030-01-01T00:05:00.000Z");
      const taps = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? pending : (second?.pending ?? pending)).take("t1", 7, now),
        ),
      );
      expect(taps.filter((t) => t.ok)).toHaveLength(1);
      expect(taps.filter((t) => !t.ok && t.reason === "used")).toHaveLength(9);
      expect(await pending.take("t1", 8, now)).toEqual({ ok: false, reason: "not_yours" });
      await pending.put(action("t2"));
      expect((await pending.peek("t2"))?.payload).toEqual(action("t2").payload);
      await pending.discard("t2", now);
      expect(await pending.take("t2", 7, now)).toEqual({ ok: false, reason: "used" });
      await pending.put(action("t3"));
      const late = new Date("2030-01-01T00:10:00.000Z");
      expect(await pending.take("t3", 7, late)).toEqual({ ok: false, reason: "expired" });
      expect(await pending.take("t4", 7, now)).toEqual({ ok: false, reason: "missing" });
    });

    it("coordinators: put replaces, remove says whether someone was removed, replaceAll restores", async () => {
      const { admins } = await start();
      await admins.put({ userId: 2, name: "Lan", addedBy: 1, addedAt: "2030-01-01" });
      await admins.put({ userId: 3, addedBy: 1, addedAt: "2030-01-02" });
      await admins.put({ userId: 2, name: "Lan Anh", addedBy: 1, addedAt: "2030-01-03" });
      const reopened = await open?.reopen();
      expect((await reopened?.admins.list())?.map((a) => [a.userId, a.name])).toEqual([
        [3, undefined],
        [2, "Lan Anh"],
      ]);
      expect(await reopened?.admins.remove(3)).toBe(true);
      expect(await reopened?.admins.remove(3)).toBe(false);
      await reopened?.admins.replaceAll([{ userId: 9, addedBy: 1, addedAt: "2030-02-01" }]);
      expect((await reopened?.admins.list())?.map((a) => a.userId)).toEqual([9]);
    });

    it("audit: newest first, as many as asked", async () => {
      const { audit } = await start();
      for (let i = 0; i < 5; i++) {
        await audit.append({
          id: `a${i}`,
          at: `2030-01-0${i + 1}`,
          actorId: 1,
          action: "event.edit",
          target: "e1",
          before: { venueName: `v${i}` },
          after: { venueName: `v${i + 1}` },
        });
      }
      const recent = await (await open?.reopen())?.audit.recent(3);
      expect(recent?.map((e) => e.id)).toEqual(["a4", "a3", "a2"]);
      expect(recent?.[0]?.after).toEqual({ venueName: "v5" });
    });
  });
}
