import { readFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { createGazetteer, loadProvincesFromJson } from "../../../src/domain/gazetteer.js";
import type { Intent, Understanding } from "../../../src/domain/understanding/intents.js";
import {
  applyContext,
  toContext,
  understand,
} from "../../../src/domain/understanding/understand.js";
import { CORPUS, type CorpusCase } from "./corpus.js";

const gazetteer = createGazetteer(
  loadProvincesFromJson(JSON.parse(readFileSync("data/provinces.json", "utf8"))),
);

const ask = (text: string): Understanding => understand(text, gazetteer);

function dayOf(u: Understanding): { day: number; month?: number } | undefined {
  return u.date ? { day: u.date.day, month: u.date.month } : undefined;
}

function matches(c: CorpusCase, u: Understanding): boolean {
  return (
    u.intent === c.intent &&
    JSON.stringify(u.provinceIds) === JSON.stringify(c.provinceIds ?? []) &&
    (c.date === undefined
      ? u.date === undefined
      : u.date?.day === c.date.day && (c.date.month === undefined || u.date.month === c.date.month))
  );
}

describe("understand: corpus", () => {
  let right = 0;
  const perIntent = new Map<Intent, { right: number; total: number }>();
  afterAll(() => {
    const lines = [...perIntent].map(([i, s]) => `  ${i}: ${s.right}/${s.total}`);
    console.info(
      `understanding accuracy: ${right}/${CORPUS.length} (${((100 * right) / CORPUS.length).toFixed(1)}%)\n${lines.join("\n")}`,
    );
  });

  test.each(CORPUS.map((c) => [JSON.stringify(c.text), c] as const))("%s", (_label, c) => {
    const u = ask(c.text);
    const stats = perIntent.get(c.intent) ?? { right: 0, total: 0 };
    stats.total++;
    if (matches(c, u)) {
      right++;
      stats.right++;
    }
    perIntent.set(c.intent, stats);
    expect(u.intent).toBe(c.intent);
    expect(u.provinceIds).toEqual(c.provinceIds ?? []);
    if (c.date) {
      expect(u.date?.day).toBe(c.date.day);
      if (c.date.month !== undefined) expect(u.date?.month).toBe(c.date.month);
    } else {
      expect(u.date).toBeUndefined();
    }
    if (c.month !== undefined) expect(u.month).toBe(c.month);
    if (c.relativeDay !== undefined) expect(u.relativeDay).toBe(c.relativeDay);
    if (c.timeframe !== undefined) expect(u.timeframe).toBe(c.timeframe);
    expect(u.followUp).toBe(c.followUp ?? false);
    if (c.lang) expect(u.lang).toBe(c.lang);
    if (c.intent === "unknown") expect(u.confidence).toBeLessThan(0.5);
    else expect(u.confidence).toBeGreaterThanOrEqual(0.5);
    expect(u.confidence).toBeLessThanOrEqual(1);
  });

  const followUps = CORPUS.filter((c) => c.after !== undefined && c.merged !== undefined);
  test.each(followUps.map((c) => [`${c.after} → ${c.text}`, c] as const))(
    "in context: %s",
    (_label, c) => {
      const previous = toContext(ask(c.after ?? ""));
      const merged = applyContext(ask(c.text), previous);
      expect(merged.intent).toBe(c.merged?.intent);
      expect(merged.provinceIds).toEqual(c.merged?.provinceIds);
      if (c.merged?.date) {
        expect(dayOf(merged)?.day).toBe(c.merged.date.day);
        if (c.merged.date.month !== undefined) expect(merged.date?.month).toBe(c.merged.date.month);
      }
      expect(merged.confidence).toBeGreaterThanOrEqual(0.5);
    },
  );
});

describe("understand: corpus shape", () => {
  const count = (pred: (c: CorpusCase) => boolean) => CORPUS.filter(pred).length;
  test("covers enough of every kind of question", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(220);
    for (const intent of ["when", "where", "list_events", "services", "cost", "eligibility"]) {
      expect(
        count((c) => c.intent === intent),
        intent,
      ).toBeGreaterThanOrEqual(15);
    }
    expect(count((c) => c.intent === "unknown")).toBeGreaterThanOrEqual(25);
    expect(count((c) => c.lang === "en")).toBeGreaterThanOrEqual(20);
    expect(count((c) => c.followUp === true && c.merged !== undefined)).toBeGreaterThanOrEqual(15);
  });
});

describe("understand: provinces and dates are never mixed up", () => {
  test("one province asked, one province understood", () => {
    expect(ask("lai chau ngay nao").provinceIds).toEqual(["lai-chau"]);
    expect(ask("dien bien ngay nao").provinceIds).toEqual(["dien-bien"]);
    expect(ask("ha giang ngay nao").provinceIds).toEqual(["ha-giang"]);
  });

  test("several provinces keep the order they were written in", () => {
    expect(ask("ha giang hay lai chau").provinceIds).toEqual(["ha-giang", "lai-chau"]);
    expect(ask("lai chau hay ha giang").provinceIds).toEqual(["lai-chau", "ha-giang"]);
    expect(ask("dien bien, lai chau, ha giang").provinceIds).toEqual([
      "dien-bien",
      "lai-chau",
      "ha-giang",
    ]);
  });

  test("former names stay former, current names stay current", () => {
    expect(ask("ha giang co kham khong").provinceIds).toEqual(["ha-giang"]);
    expect(ask("tuyen quang co kham khong").provinceIds).toEqual(["tuyen-quang"]);
  });

  test("the day asked is the day understood", () => {
    for (const [text, day] of [
      ["ngay 9/11", 9],
      ["ngay 2/11", 2],
      ["ngay 16/11", 16],
      ["9/11 o dau", 9],
    ] as const) {
      const u = ask(text);
      expect(u.date?.day, text).toBe(day);
      expect(u.date?.month, text).toBe(11);
      expect(u.intent, text).toBe("where");
    }
  });

  test("a province with a date keeps both", () => {
    const u = ask("lai chau ngay 9/11 phai khong");
    expect(u.provinceIds).toEqual(["lai-chau"]);
    expect(u.date?.day).toBe(9);
  });
});

describe("understand: robustness", () => {
  test("empty and blank messages are unknown with zero confidence", () => {
    for (const text of ["", " ", "\n\t"]) {
      const u = ask(text);
      expect(u.intent).toBe("unknown");
      expect(u.confidence).toBe(0);
    }
  });

  test("one-letter teencode never fires inside words", () => {
    expect(ask("khong").intent).toBe("unknown");
    expect(ask("kham j").intent).toBe("services");
    expect(ask("an").intent).toBe("unknown");
  });

  test("very long messages are cut, not slow", () => {
    const text = `lai chau ngay nao ${"a ".repeat(50_000)}`;
    const started = performance.now();
    const u = ask(text);
    expect(performance.now() - started).toBeLessThan(500);
    expect(u.intent).toBe("when");
    expect(u.provinceIds).toEqual(["lai-chau"]);
  });

  test("NFC and NFD read the same", () => {
    const text = "Điện Biên khám ở đâu";
    expect(ask(text.normalize("NFD"))).toEqual(ask(text.normalize("NFC")));
  });

  test("a message that is not a follow-up is returned unchanged", () => {
    const u = ask("lai chau ngay nao");
    expect(applyContext(u, { intent: "where", provinceIds: ["ha-giang"] })).toBe(u);
    const followUp = ask("o dau?");
    expect(applyContext(followUp, undefined)).toBe(followUp);
  });

  test("toContext keeps intent, provinces and date", () => {
    expect(toContext(ask("ngay 9/11 o dau"))).toMatchObject({
      intent: "where",
      provinceIds: [],
      date: { day: 9, month: 11 },
    });
  });
});
