import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Answer, answer } from "../../../src/domain/answers.js";
import type { CatalogueSnapshot } from "../../../src/domain/event-views.js";
import { createGazetteer, loadProvincesFromJson } from "../../../src/domain/gazetteer.js";
import type { CommunityEvent, Programme } from "../../../src/domain/types.js";
import type { DialogueContext } from "../../../src/domain/understanding/intents.js";
import {
  applyContext,
  toContext,
  understand,
} from "../../../src/domain/understanding/understand.js";

const dir = "test/fixtures/seeds/two-programmes-2027";
const read = (file: string) => JSON.parse(readFileSync(`${dir}/${file}`, "utf8"));
const gazetteer = createGazetteer(loadProvincesFromJson(read("provinces.json")));
const snapshot: CatalogueSnapshot = {
  events: read("events.json").events as CommunityEvent[],
  programmes: read("programmes.json").programmes as Programme[],
  gazetteer,
  today: "2027-02-27",
};

function ask(text: string, previous?: DialogueContext) {
  const u = applyContext(understand(text, gazetteer, snapshot.programmes), previous);
  return { u, a: answer(u, snapshot), context: toContext(u) };
}

/** Event ids an answer shows for the asked provinces / day / list. */
function shown(a: Answer): string[] {
  if (a.kind === "provinces") return a.results.flatMap((r) => r.views.map((v) => v.event.id));
  if (a.kind === "day" || a.kind === "event_list") return a.views.map((v) => v.event.id);
  return [];
}

describe("programmes are named by their data", () => {
  it("finds a programme by its name, an alias or a service only it offers", () => {
    expect(ask("lịch Mắt sáng vùng cao").u.programmeIds).toEqual(["mat-sang-2027"]);
    expect(ask("when is bright eyes coming").u.programmeIds).toEqual(["mat-sang-2027"]);
    expect(ask("có mổ đục thủy tinh thể không").u.programmeIds).toEqual(["mat-sang-2027"]);
    expect(ask("lịch khám bệnh").u.programmeIds).toBeUndefined();
  });

  it("answers a province question for the named programme only", () => {
    const { a } = ask("lịch mắt sáng ở Nghệ An");
    expect(a.kind).toBe("provinces");
    expect(shown(a)).toEqual(["ms04", "ms05"]);
  });

  it("says plainly that a programme does not come to a province", () => {
    const { a } = ask("Đắk Lắk có khám mắt không?");
    if (a.kind !== "provinces") throw new Error(a.kind);
    expect(shown(a)).toEqual([]);
    expect(a.named?.map((p) => p.id)).toEqual(["mat-sang-2027"]);
    expect(a.elsewhere.every((v) => v.programme.id === "mat-sang-2027")).toBe(true);
  });

  it("says yes with the date when it does come", () => {
    const { a } = ask("Yên Bái có chương trình mắt sáng không?");
    expect(a.kind).toBe("provinces");
    expect(shown(a)).toEqual(["ms01"]);
  });

  it("answers a fact question from the named programme only", () => {
    const { a } = ask("số điện thoại của mắt sáng vùng cao");
    if (a.kind !== "programme") throw new Error(a.kind);
    expect(a.topic).toBe("contact");
    expect(a.programmes.map((p) => p.id)).toEqual(["mat-sang-2027"]);
  });

  it("labels lists when several programmes are loaded", () => {
    const { a } = ask("lịch sắp tới");
    if (a.kind !== "event_list") throw new Error(a.kind);
    expect(a.labelled).toBe(true);
    expect(new Set(a.views.map((v) => v.programme.id)).size).toBe(2);
  });

  it("follows up with another programme in the same province", () => {
    const first = ask("Nghệ An có mắt sáng không?");
    expect(shown(first.a)).toEqual(["ms04", "ms05"]);
    const second = ask("còn nhà nông xanh thì sao?", first.context);
    expect(second.a.kind).toBe("provinces");
    expect(shown(second.a)).toEqual(["nn02"]);
    const third = ask("còn Gia Lai?", second.context);
    expect(shown(third.a)).toEqual(["nn03"]);
  });
});

describe("time windows answer exactly the events in them", () => {
  it("lists next week's events and, for an empty window, none plus the next one", () => {
    const next = ask("tuần sau có gì").a;
    if (next.kind !== "event_list") throw new Error(next.kind);
    expect(next.views.map((v) => v.event.id)).toEqual(["ms01"]);
    const empty = ask("tuần này có gì").a;
    if (empty.kind !== "event_list") throw new Error(empty.kind);
    expect(empty.views).toEqual([]);
    expect(empty.next?.event.id).toBe("ms01");
  });

  it("reads 'tháng sau' as next month, not June, and skips the cancelled event", () => {
    const a = ask("tháng sau có những đâu").a;
    expect(shown(a)).toEqual(["ms01", "nn01", "ms02", "ms04", "nn02"]);
  });

  it("answers 'after <province>' with that programme's next stop", () => {
    expect(shown(ask("sau Yên Bái thì đi đâu").a)).toEqual(["ms02"]);
    expect(shown(ask("đợt tiếp theo").a)).toEqual(["ms01"]);
  });
});

describe("entities beat generic words (2013 tour)", () => {
  const tour = JSON.parse(readFileSync("data/programmes.json", "utf8")).programmes as Programme[];
  const tourGazetteer = createGazetteer(
    loadProvincesFromJson(JSON.parse(readFileSync("data/provinces.json", "utf8"))),
  );
  const tourSnapshot: CatalogueSnapshot = {
    events: JSON.parse(readFileSync("data/events.json", "utf8")).events as CommunityEvent[],
    programmes: tour,
    gazetteer: tourGazetteer,
    today: "2013-10-30",
  };
  const tourAsk = (text: string) => answer(understand(text, tourGazetteer, tour), tourSnapshot);

  it("keeps the province when the question also names a service", () => {
    expect(shown(tourAsk("Điện Biên có phát thuốc không?"))).toEqual(["db13"]);
    expect(tourAsk("Hà Giang có những dịch vụ gì").kind).toBe("programme");
  });

  it("answers for B in 'not A, B'", () => {
    expect(shown(tourAsk("không phải Hà Giang, tôi ở Lai Châu"))).toEqual(["lc13"]);
    expect(shown(tourAsk("not in Ha Giang, in Dien Bien"))).toEqual(["db13"]);
    expect(shown(tourAsk("tôi ở Điện Biên chứ không phải Lai Châu"))).toEqual(["db13"]);
  });

  it("says no to a wrong guessed day and gives the province's real one", () => {
    const a = tourAsk("Lai Châu ngày 10/11 hả?");
    if (a.kind !== "provinces") throw new Error(a.kind);
    expect(a.wrongDay).toEqual({ day: 10, month: 11 });
    expect(shown(a)).toEqual(["lc13"]);
    const right = tourAsk("Lai Châu ngày 9/11 hả?");
    expect(right.kind === "provinces" && right.wrongDay).toBeFalsy();
  });

  it("does not answer 'no programme in <city>' to travel or power questions", () => {
    expect(tourAsk("vé máy bay đi Đà Nẵng").kind).toBe("unknown");
    expect(tourAsk("cúp điện ở Hà Nội").kind).toBe("unknown");
    expect(tourAsk("xe khách đi Lai Châu").kind).toBe("unknown");
  });
});
