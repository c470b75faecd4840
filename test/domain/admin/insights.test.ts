import { describe, expect, it } from "vitest";
import { checkTelegramHtml } from "../../../src/domain/admin/html-check.js";
import { buildBackup, parseBackup, subscribersCsv } from "../../../src/domain/admin/backup.js";
import { MAX_FIELD_CHARS } from "../../../src/domain/admin/event-editing.js";
import { foldBasic } from "../../../src/domain/admin/parse.js";
import { groupUnanswered } from "../../../src/domain/admin/unanswered.js";

const q = (id: string, text: string, at: string) => ({
  id,
  text,
  userKey: "telegram:1",
  lang: "vi" as const,
  at,
});

describe("unanswered grouping", () => {
  it("groups similar wording regardless of diacritics and case, biggest first", () => {
    const groups = groupUnanswered(
      [
        q("1", "Có cần mang CMND không?", "2013-10-30T01:00:00Z"),
        q("2", "co can mang cmnd ko", "2013-10-30T03:00:00Z"),
        q("3", "Cần mang CMND không ạ", "2013-10-30T02:00:00Z"),
        q("4", "bãi đỗ xe ở đâu", "2013-10-30T04:00:00Z"),
        {
          ...q("5", "co can mang cmnd", "2013-10-29T00:00:00Z"),
          handledAt: "2013-10-29T01:00:00Z",
        },
      ],
      foldBasic,
    );
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({
      count: 3,
      lastAt: "2013-10-30T03:00:00Z",
      sample: "co can mang cmnd ko",
    });
    expect(groups[0]?.ids.sort()).toEqual(["1", "2", "3"]);
    expect(groups[1]).toMatchObject({ count: 1, sample: "bãi đỗ xe ở đâu" });
  });
});

describe("formatted text check", () => {
  it("accepts Telegram HTML and refuses the rest", () => {
    expect(
      checkTelegramHtml('<b>Chú ý</b> <a href="https://x.vn">link</a> &amp; 1 &lt; 2').ok,
    ).toBe(true);
    expect(checkTelegramHtml("<b>open")).toEqual({ ok: false, error: "nesting" });
    expect(checkTelegramHtml("<script>x</script>")).toEqual({ ok: false, error: "tag" });
    expect(checkTelegramHtml("a & b")).toEqual({ ok: false, error: "entity" });
    expect(checkTelegramHtml("<a href='javascript:x'>x</a>")).toEqual({ ok: false, error: "link" });
  });
});

describe("backup format", () => {
  it("round-trips and rejects broken files", () => {
    const backup = buildBackup({
      exportedAt: "2013-10-30T00:00:00.000Z",
      events: [
        {
          id: "hg13",
          programmeId: "p",
          provinceId: "ha-giang",
          date: "2013-11-02",
          status: "scheduled",
          version: 3,
          updatedAt: "x",
        },
      ],
      programmes: [
        {
          id: "p",
          name: { vi: "P" },
          organiser: { vi: "O" },
          description: { vi: "D" },
          services: [],
          cost: { vi: "0" },
          audience: { vi: "A" },
        },
      ],
      admins: [{ userId: 5, addedBy: 1, addedAt: "x" }],
      subscriptions: [{ userKey: "telegram:9", kind: "event", target: "hg13" }],
    });
    const parsed = parseBackup(JSON.stringify(backup));
    expect(parsed).toEqual({ ok: true, backup });
    expect(parseBackup("{").ok).toBe(false);
    expect(
      parseBackup(
        JSON.stringify({ ...backup, events: [{ ...backup.events[0], programmeId: "nope" }] }),
      ).ok,
    ).toBe(false);
    // Imported fields get the same length limits as /newevent.
    const longVenue = { ...backup.events[0], venueName: "v".repeat(MAX_FIELD_CHARS.venue + 1) };
    expect(parseBackup(JSON.stringify({ ...backup, events: [longVenue] }))).toEqual({
      ok: false,
      error: "too_long",
      path: "events.0.venueName",
    });
    const longNotes = { ...backup.events[0], notes: { vi: "n".repeat(MAX_FIELD_CHARS.notes + 1) } };
    expect(parseBackup(JSON.stringify({ ...backup, events: [longNotes] })).ok).toBe(false);
    expect(subscribersCsv(backup.events, backup.subscriptions)).toBe(
      "event_id,event_date,province_id,user_key,subscribed_at\nhg13,2013-11-02,ha-giang,telegram:9,\n",
    );
  });
});
