import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import type { CatalogueSnapshot } from "../../src/domain/event-views.js";
import { createGazetteer } from "../../src/domain/gazetteer.js";
import { eventsByDistance, nearestPerProgramme } from "../../src/domain/nearest.js";
import { understand } from "../../src/domain/understanding/understand.js";
import { loadSeed } from "../../src/storage/seed.js";

describe("nearest upcoming events by province centres", () => {
  let snapshot: CatalogueSnapshot;
  beforeAll(async () => {
    const seed = await loadSeed(join(PROJECT_ROOT, "test/fixtures/seeds/two-programmes-2027"));
    snapshot = {
      events: seed.events,
      programmes: seed.programmes,
      gazetteer: createGazetteer(seed.provinces),
      today: "2027-02-27",
    };
  });

  it("orders upcoming events by distance, the sooner first within one province", () => {
    const ids = eventsByDistance(snapshot, "ha-tinh").map((n) => n.view.event.id);
    expect(ids.slice(0, 3)).toEqual(["ms04", "nn02", "ms05"]);
    // Cancelled events are never the nearest.
    expect(ids).not.toContain("ms03");
    expect(ids).not.toContain("nn05");
  });

  it("gives one event per programme, nearest first, with a distance", () => {
    const nearby = nearestPerProgramme(snapshot, "kon-tum");
    expect(nearby.map((n) => n.view.event.id)).toEqual(["nn03", "ms06"]);
    expect(nearby[0]?.km).toBeGreaterThan(10);
    expect(nearby[0]?.km).toBeLessThan(nearby[1]?.km ?? 0);
  });

  it("counts nothing that is past", () => {
    const later = { ...snapshot, today: "2027-05-09" };
    expect(eventsByDistance(later, "ha-tinh").map((n) => n.view.event.id)).toEqual(["nn06"]);
  });
});

describe("understanding 'nearest' questions", () => {
  let gazetteer: ReturnType<typeof createGazetteer>;
  beforeAll(async () => {
    gazetteer = createGazetteer((await loadSeed(join(PROJECT_ROOT, "data"))).provinces);
  });
  it.each([
    ["tôi ở Sơn La, chỗ nào gần nhất?", ["son-la"]],
    ["gần Sơn La nhất là đâu", ["son-la"]],
    ["gan ha noi nhat", ["ha-noi"]],
    ["nearest one to Hanoi", ["ha-noi"]],
    ["closest to Dien Bien?", ["dien-bien"]],
    ["không phải Lai Châu, tôi ở Yên Bái, tỉnh nào gần nhất", ["yen-bai"]],
  ])("%s → nearest from %j", (text, provinces) => {
    const u = understand(text, gazetteer);
    expect(u.intent).toBe("nearest");
    expect(u.provinceIds).toEqual(provinces);
  });

  it("a bare 'chỗ nào gần nhất' is a follow-up; 'đợt gần nhất' is about time", () => {
    const bare = understand("chỗ nào gần nhất?", gazetteer);
    expect(bare).toMatchObject({ intent: "nearest", followUp: true });
    expect(understand("đợt gần nhất ở đâu", gazetteer).intent).toBe("list_events");
    expect(understand("ngày gần nhất là ngày nào", gazetteer).intent).toBe("list_events");
    expect(understand("gần tới ngày khám chưa", gazetteer).intent).not.toBe("nearest");
  });
});
