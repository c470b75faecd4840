import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answer } from "../../src/domain/answers.js";
import type { CatalogueSnapshot } from "../../src/domain/event-views.js";
import { createGazetteer, loadProvincesFromJson } from "../../src/domain/gazetteer.js";
import type { CommunityEvent, Programme } from "../../src/domain/types.js";
import type { Understanding } from "../../src/domain/understanding/intents.js";

const read = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const gazetteer = createGazetteer(loadProvincesFromJson(read("data/provinces.json")));
const snapshot = (today: string): CatalogueSnapshot => ({
  events: read("data/events.json").events as CommunityEvent[],
  programmes: read("data/programmes.json").programmes as Programme[],
  gazetteer,
  today,
});
const ask = (u: Partial<Understanding>): Understanding => ({
  intent: "when",
  provinceIds: [],
  lang: "vi",
  followUp: false,
  confidence: 0.9,
  ...u,
});

describe("answers from the catalogue", () => {
  it("finds the Hà Giang event when asked about the new province Tuyên Quang", () => {
    const result = answer(ask({ provinceIds: ["tuyen-quang"] }), snapshot("2013-10-30"));
    expect(result.kind).toBe("provinces");
    if (result.kind !== "provinces") return;
    expect(result.results[0]?.views.map((v) => v.event.id)).toEqual(["hg13"]);
    expect(result.results[0]?.place.merged.map((p) => p.id)).toEqual(["ha-giang"]);
    expect(result.elsewhere).toEqual([]);
  });

  it("says a province has nothing and lists the others, never their dates as its own", () => {
    const result = answer(ask({ provinceIds: ["yen-bai"] }), snapshot("2013-10-30"));
    if (result.kind !== "provinces") throw new Error(result.kind);
    expect(result.results[0]?.views).toEqual([]);
    expect(result.results[0]?.place.current?.id).toBe("lao-cai");
    expect(result.elsewhere.map((v) => v.event.id)).toEqual(["hg13", "lc13", "db13"]);
  });

  it("answers each date with its own province only", () => {
    for (const [day, id] of [
      [2, "hg13"],
      [9, "lc13"],
      [16, "db13"],
    ] as const) {
      const result = answer(
        ask({ intent: "where", date: { day, month: 11 } }),
        snapshot("2013-10-30"),
      );
      if (result.kind !== "day") throw new Error(result.kind);
      expect(result.views.map((v) => v.event.id)).toEqual([id]);
    }
    const dayOnly = answer(
      ask({ intent: "where", date: { day: 16, month: 0 } }),
      snapshot("2013-10-30"),
    );
    if (dayOnly.kind !== "day") throw new Error(dayOnly.kind);
    expect(dayOnly.views.map((v) => v.event.id)).toEqual(["db13"]);
  });

  it("counts days left and marks past events", () => {
    const before = answer(ask({ provinceIds: ["lai-chau"] }), snapshot("2013-11-08"));
    if (before.kind !== "provinces") throw new Error(before.kind);
    expect(before.results[0]?.views[0]).toMatchObject({ daysLeft: 1, past: false });
    const after = answer(ask({ intent: "list_events" }), snapshot("2026-11-25"));
    if (after.kind !== "event_list") throw new Error(after.kind);
    expect(after.onlyPast).toBe(true);
    expect(after.views.every((v) => v.past)).toBe(true);
  });

  it("does not guess when it did not understand", () => {
    expect(answer(ask({ intent: "when", confidence: 0.3 }), snapshot("2013-10-30")).kind).toBe(
      "unknown",
    );
  });
});
