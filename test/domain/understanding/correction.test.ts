import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../src/app.js";
import { answer } from "../../../src/domain/answers.js";
import type { CatalogueSnapshot } from "../../../src/domain/event-views.js";
import { createGazetteer } from "../../../src/domain/gazetteer.js";
import {
  applyContext,
  toContext,
  understand,
} from "../../../src/domain/understanding/understand.js";
import { loadSeed } from "../../../src/storage/seed.js";

describe("negation and correction", () => {
  let snapshot: CatalogueSnapshot;
  beforeAll(async () => {
    const seed = await loadSeed(join(PROJECT_ROOT, "data"));
    snapshot = {
      events: seed.events,
      programmes: seed.programmes,
      gazetteer: createGazetteer(seed.provinces),
      today: "2013-10-30",
    };
  });
  const ask = (text: string, before?: string) => {
    const previous = before ? toContext(understand(before, snapshot.gazetteer)) : undefined;
    return answer(applyContext(understand(text, snapshot.gazetteer), previous), snapshot);
  };
  const shown = (a: ReturnType<typeof answer>) =>
    a.kind === "provinces" ? a.results.flatMap((r) => r.views.map((v) => v.event.id)) : [];

  it("teencode denies a province as plain Vietnamese does", () => {
    expect(shown(ask("ko phai ha giang, minh o dien bien"))).toEqual(["db13"]);
    expect(shown(ask("k phải Lai Châu, tôi ở Hà Giang"))).toEqual(["hg13"]);
  });

  it("'ngày 10/11 hả?' right after a province checks that province's date", () => {
    const a = ask("ngày 10/11 hả?", "Lai Châu ngày nào");
    expect(a.kind).toBe("provinces");
    expect(shown(a)).toEqual(["lc13"]);
    expect(a.kind === "provinces" && a.wrongDay).toEqual({ day: 10, month: 11 });
    // The right day is confirmed, not corrected.
    const right = ask("9/11 phải không", "Lai Châu ngày nào");
    expect(right.kind === "provinces" && right.wrongDay).toBeFalsy();
  });

  it("a date asked with 'ở đâu' stays a question about that day", () => {
    const a = ask("ngày 9/11 ở đâu hả", "Hà Giang ngày nào");
    expect(a.kind).toBe("day");
    // Without a province before, a guessed day is answered as a day.
    expect(ask("ngày 10/11 hả?").kind).toBe("day");
  });
});
