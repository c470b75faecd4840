/**
 * Facts and FAQ as data (issue 11 items 2-4, 8), with plain functions over the real seed
 * directories: understanding → answer, the FAQ matcher, what is logged for coordinators, and
 * older programme data (top-level `doctors` / `privilege`) read as facts and FAQ.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answer, answer } from "../../src/domain/answers.js";
import type { CatalogueSnapshot } from "../../src/domain/event-views.js";
import { needsCoordinator } from "../../src/domain/fact-answers.js";
import { createGazetteer } from "../../src/domain/gazetteer.js";
import { factsOf, faqOf } from "../../src/domain/programme-facts.js";
import type { Programme } from "../../src/domain/types.js";
import { matchFaq } from "../../src/domain/understanding/faq.js";
import { applyContext, toContext, understand } from "../../src/domain/understanding/understand.js";
import { loadSeed } from "../../src/storage/seed.js";

async function catalogue(dir: string, today: string): Promise<CatalogueSnapshot> {
  const seed = await loadSeed(dir);
  return {
    events: seed.events,
    programmes: seed.programmes,
    gazetteer: createGazetteer(seed.provinces),
    today,
  };
}

let tour: CatalogueSnapshot;
let two: CatalogueSnapshot;
let farm: CatalogueSnapshot;
beforeAll(async () => {
  tour = await catalogue("data", "2013-10-30");
  two = await catalogue("test/fixtures/seeds/two-programmes-2027", "2027-02-27");
  farm = await catalogue("test/fixtures/seeds/farm-2027", "2027-02-27");
});

const ask = (text: string, snapshot: CatalogueSnapshot): Answer =>
  answer(understand(text, snapshot.gazetteer, snapshot.programmes), snapshot);

const EYE = "mat-sang-2027";
const FARM = "nha-nong-xanh-2027";

describe("structured facts answer their questions, for the programmes asked about", () => {
  it("what to bring: the named programme only, or every loaded one", () => {
    const eye = ask("khám mắt cần mang gì", two);
    expect(eye).toMatchObject({ kind: "programme", topic: "bring" });
    if (eye.kind !== "programme") return;
    expect(eye.programmes.map((p) => p.id)).toEqual([EYE]);
    const both = ask("what should I bring", two);
    if (both.kind !== "programme") throw new Error(both.kind);
    expect(both.programmes.map((p) => p.id).sort()).toEqual([EYE, FARM]);
  });

  it("start time: the event's own time for a province, the programme's fact otherwise, else not known", () => {
    const yenBai = ask("Yên Bái mấy giờ bắt đầu", two);
    expect(yenBai.kind).toBe("provinces");
    const eye = ask("mắt sáng mấy giờ bắt đầu", two);
    expect(eye).toMatchObject({ kind: "programme", topic: "start_time" });
    const laiChau = ask("Lai Châu mấy giờ khám", tour);
    expect(laiChau).toMatchObject({ kind: "not_known", thing: "start_time" });
    if (laiChau.kind !== "not_known") return;
    // What is known: Lai Châu's date, and only that event.
    expect(laiChau.views.map((v) => v.event.id)).toEqual(["lc13"]);
    // A province without an event is a schedule answer ("nothing there"), not a time.
    expect(ask("Sơn La mấy giờ bắt đầu", tour).kind).toBe("provinces");
  });

  it("age: answered from the audience or limits text that speaks of ages, else not known", () => {
    expect(ask("bao nhiêu tuổi thì được mổ", two)).toMatchObject({
      kind: "programme",
      topic: "eligibility",
    });
    expect(ask("mấy tuổi được tham gia", farm)).toMatchObject({ kind: "not_known", thing: "age" });
    // "Can children come?" is answered with who may come, never "not known".
    expect(ask("con nít có đi được không", farm)).toMatchObject({ topic: "eligibility" });
  });

  it("a fact question right after a turn about one programme is about that programme", () => {
    const previous = toContext(
      understand("Nghệ An có khám mắt không", two.gazetteer, two.programmes),
    );
    const u = applyContext(understand("cần mang gì", two.gazetteer, two.programmes), previous);
    const result = answer(u, two);
    if (result.kind !== "programme") throw new Error(result.kind);
    expect(result.topic).toBe("bring");
    expect(result.programmes.map((p) => p.id)).toEqual([EYE]);
  });

  it("who may come gets the audience, what it costs gets the cost", () => {
    expect(ask("ai được đi khám mắt", two)).toMatchObject({ topic: "eligibility" });
    expect(ask("khám mắt có mất tiền không", two)).toMatchObject({ topic: "cost" });
  });

  it("is <service> included: the service line when listed, 'not listed' otherwise", () => {
    const glasses = ask("co cap kinh ko", two);
    if (glasses.kind !== "programme") throw new Error(glasses.kind);
    expect(glasses.topic).toBe("services");
    expect(glasses.programmes.map((p) => p.id)).toEqual([EYE]);
    const line = glasses.included?.map((ref) => glasses.programmes[0]?.services[ref.index]?.vi);
    expect(line).toEqual(["Cấp kính thuốc miễn phí"]);
    const teeth = ask("có khám răng không", tour);
    if (teeth.kind !== "programme") throw new Error(teeth.kind);
    expect(teeth.included).toEqual([]);
  });

  it("a thing the data never holds is not known, and coordinators see it", () => {
    const doctors = ask("có bao nhiêu bác sĩ", tour);
    expect(doctors).toMatchObject({ kind: "not_known", thing: "doctor_count" });
    expect(needsCoordinator(doctors)).toBe(true);
    expect(needsCoordinator(ask("có chỗ gửi xe không", two))).toBe(true);
    expect(needsCoordinator(ask("khám mắt cần mang gì", two))).toBe(false);
  });

  it("an optional topic no programme states (doctors, contact) is not known, not 'unpublished'", () => {
    expect(ask("bác sĩ ở bệnh viện nào về", farm)).toMatchObject({
      kind: "not_known",
      thing: "doctors",
    });
    expect(ask("bác sĩ ở bệnh viện nào về", tour)).toMatchObject({ topic: "doctors" });
  });

  it("a venue asked for an upcoming event without one is logged; one with a venue is not", () => {
    // Nghệ An's second eye-care day (ms05) has no venue yet.
    expect(needsCoordinator(ask("mắt sáng ở Nghệ An ở đâu", two))).toBe(true);
    expect(needsCoordinator(ask("Yên Bái khám ở đâu", two))).toBe(false);
  });
});

describe("a programme of another kind, written inline (nothing of it in code)", () => {
  const programme: Programme = {
    id: "suc-khoe-cong-dong",
    name: { vi: "Ngày hội sức khỏe cộng đồng" },
    organiser: { vi: "Hội Chữ thập đỏ xã" },
    description: { vi: "Đo huyết áp, hiến máu và tư vấn pháp luật cho bà con." },
    services: [
      { vi: "Đo huyết áp miễn phí" },
      { vi: "Hiến máu tình nguyện" },
      { vi: "Tư vấn pháp luật" },
    ],
    cost: { vi: "Miễn phí." },
    audience: { vi: "Người dân trong xã, người hiến máu từ 18 đến 60 tuổi." },
    facts: { bring: { vi: "Căn cước công dân." } },
    faq: [
      {
        id: "eat-before",
        questions: ["hiến máu có cần ăn sáng không"],
        answer: { vi: "Nên ăn sáng nhẹ, không ăn đồ nhiều dầu mỡ." },
      },
    ],
  };
  const snapshot = (): CatalogueSnapshot => ({ ...tour, events: [], programmes: [programme] });
  const included = (text: string) => {
    const result = ask(text, snapshot());
    if (result.kind !== "programme") throw new Error(`${text}: ${result.kind}`);
    return result.included?.map((ref) => programme.services[ref.index]?.vi);
  };

  it("answers 'is it included' from its own service lines", () => {
    expect(included("có hiến máu không")).toEqual(["Hiến máu tình nguyện"]);
    expect(included("co do huyet ap ko")).toEqual(["Đo huyết áp miễn phí"]);
    expect(included("có tư vấn pháp luật không")).toEqual(["Tư vấn pháp luật"]);
    expect(included("có khám răng không")).toEqual([]);
  });

  it("its facts and FAQ answer, and an English 'do' is not the service 'Đo …'", () => {
    expect(ask("do I need to bring anything", snapshot())).toMatchObject({ topic: "bring" });
    expect(ask("bao nhiêu tuổi được hiến máu", snapshot())).toMatchObject({ topic: "eligibility" });
    expect(ask("hien mau co can an sang ko", snapshot())).toMatchObject({ kind: "faq" });
  });
});

describe("FAQ matching", () => {
  const programmes = (): readonly Programme[] => two.programmes;

  it("matches other wordings: no diacritics, teencode, Telex leftovers, English", () => {
    for (const text of [
      "phải nhịn ăn không",
      "co can nhin an ko",
      "cos caanf nhinj awn khoong",
      "do I have to fast before the eye check?",
    ]) {
      expect(matchFaq(text, programmes())?.entryId, text).toBe("fasting");
    }
  });

  it("does not take a different question for an entry", () => {
    for (const text of ["có mất tiền không", "có mổ mắt không", "ai tổ chức", "cần mang gì"]) {
      expect(matchFaq(text, programmes()), text).toBeUndefined();
    }
  });

  it("beside a province, a day or a listed service only near-identical wording counts", () => {
    expect(ask("Gia Lai có tặng giống không", two).kind).toBe("provinces");
    expect(ask("có tặng giống lúa không", two)).toMatchObject({ topic: "services" });
    expect(ask("tặng giống gì vậy", two)).toMatchObject({ kind: "faq" });
  });

  it("answers with the entry, labelled with its programme when several are loaded and it is known", () => {
    // Written in the programme's data: its programme is known.
    expect(ask("phải nhịn ăn không", two)).toMatchObject({ kind: "faq", labelled: true });
    // Its question names the programme (glasses are only eye care's): labelled.
    const result = ask("kinh cap co phai tra lai khong", two);
    expect(result).toMatchObject({ kind: "faq", labelled: true });
    if (result.kind !== "faq") return;
    expect(result.programme.id).toBe(EYE);
    expect(result.entry.id).toBe("glasses-keep");
    // Taught from /unanswered (addedBy) under a programme Loa guessed: not labelled.
    const [first, ...rest] = two.programmes as Programme[];
    if (!first) throw new Error("no programme");
    const parking = {
      id: "faq-parking",
      questions: ["có chỗ gửi xe máy không"],
      answer: { vi: "Có bãi xe." },
      addedBy: 1,
    };
    const taught = {
      ...two,
      programmes: [{ ...first, faq: [...(first.faq ?? []), parking] }, ...rest],
    };
    expect(ask("co cho gui xe may ko", taught)).toMatchObject({ kind: "faq", labelled: false });
  });

  it("an entry taught for one province answers that province however written, never another", () => {
    const [first, ...rest] = tour.programmes as Programme[];
    if (!first) throw new Error("no programme");
    const taught: Programme = {
      ...first,
      faq: [
        ...(first.faq ?? []),
        {
          id: "parking-hg",
          questions: ["Hà Giang có chỗ gửi xe không"],
          answer: { vi: "Có bãi xe cạnh UBND." },
        },
      ],
    };
    const snapshot = { ...tour, programmes: [taught, ...rest] };
    expect(ask("ha giang co cho gui xe ko", snapshot)).toMatchObject({ kind: "faq" });
    // Hà Giang is part of Tuyên Quang now: the same place to the entry.
    expect(ask("Tuyên Quang có chỗ gửi xe không", snapshot)).toMatchObject({ kind: "faq" });
    expect(ask("Lai Châu có chỗ gửi xe không", snapshot)).toMatchObject({
      kind: "not_known",
      thing: "parking",
    });
  });

  it("a programme named in the question limits the entries to that programme's", () => {
    expect(matchFaq("tặng giống gì", programmes(), false, [EYE])).toBeUndefined();
    expect(matchFaq("tặng giống gì", programmes(), false, [FARM])?.entryId).toBe("seed-kind");
  });
});

describe("older programme data (issue 11 item 8)", () => {
  it("the 2013 tour's Privilege note is an FAQ entry and answers its questions", () => {
    for (const text of [
      "khach hang privilege co chuong trinh gi",
      "toi la khach hang vip",
      "Khách hàng Privilege được chăm sóc thế nào",
      "privilege customers",
    ]) {
      const result = ask(text, tour);
      expect(result.kind, text).toBe("faq");
      if (result.kind === "faq") expect(result.entry.id).toBe("privilege");
    }
  });

  it("top-level doctors and privilege fields are read as facts.doctors and an FAQ entry", () => {
    const old = {
      ...tour.programmes[0],
      faq: undefined,
      facts: undefined,
      doctors: { vi: "Bác sĩ tuyến trung ương." },
      privilege: { vi: "Có chương trình riêng." },
    } as unknown as Programme;
    expect(factsOf(old).doctors?.vi).toBe("Bác sĩ tuyến trung ương.");
    expect(faqOf(old)).toEqual([
      { id: "privilege", questions: ["privilege"], answer: { vi: "Có chương trình riêng." } },
    ]);
  });

  describe("an old seed directory", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "loa-old-seed-"));
      const programmes = JSON.parse(await readFile("data/programmes.json", "utf8"));
      const [programme] = programmes.programmes;
      delete programme.faq;
      delete programme.facts;
      programme.doctors = { vi: "Bác sĩ tuyến đầu từ các bệnh viện trung ương." };
      programme.privilege = { vi: "Khách hàng Privilege có chương trình riêng." };
      await writeFile(join(dir, "programmes.json"), JSON.stringify(programmes));
      for (const file of ["events.json", "provinces.json"]) {
        await writeFile(join(dir, file), await readFile(join("data", file)));
      }
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("loads, and its doctors and privilege texts still answer", async () => {
      const old = await catalogue(dir, "2013-10-30");
      const doctors = ask("bác sĩ ở đâu về", old);
      expect(doctors).toMatchObject({ kind: "programme", topic: "doctors" });
      if (doctors.kind === "programme") {
        expect(factsOf(doctors.programmes[0] as Programme).doctors?.vi).toContain("trung ương");
      }
      const privilege = ask("khách hàng privilege thì sao", old);
      expect(privilege).toMatchObject({ kind: "faq" });
    });
  });
});
