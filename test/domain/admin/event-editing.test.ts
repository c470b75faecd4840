import { describe, expect, it } from "vitest";
import { draftChangeNotice } from "../../../src/domain/admin/change-notice.js";
import {
  applyPatch,
  changedFields,
  needsNotice,
  newEventId,
  saveEdit,
} from "../../../src/domain/admin/event-editing.js";
import type { EventRepository, SaveResult } from "../../../src/domain/ports.js";
import type { CommunityEvent, Province } from "../../../src/domain/types.js";

const event: CommunityEvent = {
  id: "hg13",
  programmeId: "p",
  provinceId: "ha-giang",
  date: "2013-11-02",
  status: "scheduled",
  version: 1,
  updatedAt: "2013-10-01T00:00:00.000Z",
};

function memoryRepo(initial: CommunityEvent[]): EventRepository {
  const store = new Map(initial.map((e) => [e.id, structuredClone(e)]));
  return {
    list: async () => [...store.values()].map((e) => structuredClone(e)),
    get: async (id) => structuredClone(store.get(id)),
    save: async (e, expected): Promise<SaveResult<CommunityEvent>> => {
      const current = store.get(e.id);
      if (expected !== undefined && current && current.version !== expected) {
        return { ok: false, reason: "conflict", current: structuredClone(current) };
      }
      store.set(e.id, structuredClone(e));
      return { ok: true, value: structuredClone(e) };
    },
  };
}

describe("event editing", () => {
  const now = new Date("2013-10-30T02:00:00Z");

  it("bumps the version and removes cleared fields", () => {
    const after = applyPatch({ ...event, venueName: "Trạm y tế" }, { venueName: undefined }, now);
    expect(after.version).toBe(2);
    expect("venueName" in after).toBe(false);
    expect(changedFields(event, { ...event, date: "2013-11-03" })).toEqual(["date"]);
  });

  it("refuses the second of two edits made from the same version", async () => {
    const repo = memoryRepo([event]);
    const first = await saveEdit(repo, applyPatch(event, { date: "2013-11-03" }, now), 1);
    expect(first.ok).toBe(true);
    const second = await saveEdit(repo, applyPatch(event, { venueName: "UBND" }, now), 1);
    expect(second).toMatchObject({
      ok: false,
      reason: "conflict",
      current: { date: "2013-11-03", version: 2 },
    });
    expect((await repo.get("hg13"))?.venueName).toBeUndefined();
  });

  it("drafts the change notice customers need", () => {
    const moved = { ...event, date: "2013-11-03" };
    expect(needsNotice(event, moved)).toBe(true);
    expect(needsNotice(event, { ...event, notes: { vi: "x" } })).toBe(false);
    const notice = draftChangeNotice(event, moved, "Hà Giang");
    expect(notice?.lines).toEqual([
      { key: "date", values: { province: "Hà Giang", from: "02/11", to: "03/11" } },
    ]);
    expect(notice?.audience).toEqual({
      kind: "event_and_province",
      eventId: "hg13",
      provinceId: "ha-giang",
    });
    expect(
      draftChangeNotice(event, { ...event, status: "cancelled" }, "Hà Giang")?.lines[0]?.key,
    ).toBe("cancelled");
  });

  it("makes short ids from the province and year", () => {
    const province = { id: "ha-giang", asciiName: "Ha Giang" } as Province;
    expect(newEventId(province, "2013-11-02", new Set())).toBe("hg13");
    expect(newEventId(province, "2013-11-02", new Set(["hg13"]))).toBe("hg13-2");
  });
});
