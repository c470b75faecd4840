import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { viewOf } from "../../src/domain/event-views.js";
import { createGazetteer, loadProvincesFromJson } from "../../src/domain/gazetteer.js";
import type { CommunityEvent } from "../../src/domain/types.js";
import { eventCard, eventLine } from "../../src/presentation/event-card.js";
import { createI18n, loadLocales } from "../../src/presentation/i18n.js";
import provinces from "../../data/provinces.json" with { type: "json" };
import programmes from "../../data/programmes.json" with { type: "json" };

const t = createI18n(loadLocales(join(PROJECT_ROOT, "locales"))).t("vi");
const gazetteer = createGazetteer(loadProvincesFromJson(provinces));
const event: CommunityEvent = {
  id: "hg13",
  programmeId: "viettel-vi-cong-dong-2013",
  provinceId: "ha-giang",
  date: "2013-11-02",
  status: "scheduled",
  version: 1,
  updatedAt: "2013-10-20T00:00:00.000Z",
};
const card = (e: CommunityEvent, today: string) => {
  const snapshot = { events: [e], programmes: programmes.programmes, gazetteer, today };
  const view = viewOf(e, snapshot);
  if (!view) throw new Error("no view");
  return { card: eventCard(view, t, "vi"), line: eventLine(view, t, "vi") };
};

describe("event cards promise nothing an event cannot keep", () => {
  it("an upcoming card counts down and says the venue comes later", () => {
    const { card: text } = card(event, "2013-10-30");
    expect(text).toContain("còn 3 ngày");
    expect(text).toContain("sẽ được thông báo sau");
  });

  it("a past card says it took place, without 'announced later'", () => {
    const { card: text } = card(event, "2026-12-01");
    expect(text).toContain("đã diễn ra");
    expect(text).not.toContain("sẽ được thông báo sau");
  });

  it("a cancelled card and line never count down", () => {
    const { card: text, line } = card({ ...event, status: "cancelled" }, "2013-10-16");
    expect(text).toContain("Đã hủy");
    expect(text).not.toMatch(/còn \d+ ngày/);
    expect(text).not.toContain("sẽ được thông báo sau");
    expect(line).toContain("Đã hủy");
    expect(line).not.toMatch(/còn \d+ ngày/);
  });
});
