import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../src/app.js";
import {
  type CheckEnv,
  type CheckTurn,
  startCheck,
  stepCheck,
} from "../../../src/domain/eligibility/machine.js";
import { bindRules, parseRulesFile } from "../../../src/domain/eligibility/rules.js";
import { createGazetteer } from "../../../src/domain/gazetteer.js";
import { loadSeed } from "../../../src/storage/seed.js";

const NOW = Date.parse("2027-03-01T09:00:00+07:00");
let tour: CheckEnv;
let both: CheckEnv;

function asked(turn: CheckTurn) {
  if (turn.kind !== "ask") throw new Error(`expected a question, got ${turn.kind}`);
  return turn;
}

beforeAll(async () => {
  const data = await loadSeed(join(PROJECT_ROOT, "data"));
  const eye = await loadSeed(join(PROJECT_ROOT, "test/fixtures/eligibility-eye-care"));
  const gazetteer = createGazetteer(data.provinces);
  tour = {
    rules: data.eligibilityRules,
    snapshot: { ...data, gazetteer, today: "2013-10-30" },
  };
  // Both programmes loaded, both upcoming "today".
  both = {
    rules: { ...data.eligibilityRules, ...eye.eligibilityRules },
    snapshot: {
      programmes: [...data.programmes, ...eye.programmes],
      events: [
        ...data.events.map((e) => ({ ...e, date: e.date.replace("2013", "2027") })),
        ...eye.events,
      ],
      gazetteer,
      today: "2027-03-01",
    },
  };
});

describe("eligibility state machine (plain functions)", () => {
  it("goes straight into the only programme's steps, then to the result", () => {
    let turn = asked(startCheck(tour, {}, NOW));
    expect(turn.prompt.kind).toBe("province");
    expect(turn.prompt.canGoBack).toBe(false);
    turn = asked(stepCheck(tour, turn.state, { kind: "text", text: "ha giang" }, NOW));
    expect(turn.prompt.notices.map((n) => n.key)).toEqual(["province_merged"]);
    turn = asked(stepCheck(tour, turn.state, { kind: "pick", index: 0, seq: turn.state.seq }, NOW));
    const result = stepCheck(tour, turn.state, { kind: "text", text: "ho ngheo" }, NOW);
    expect(result).toMatchObject({ kind: "result", conclusion: { record: { eventId: "hg13" } } });
  });

  it("asks which programme first when several are loaded, and Back returns to that question", () => {
    const first = asked(startCheck(both, {}, NOW));
    expect(first.prompt.kind).toBe("programme");
    expect(first.prompt.choices.map((c) => c.vi)).toEqual([
      "Viettel vì cộng đồng",
      "Mắt sáng vùng cao",
    ]);
    const eye = asked(
      stepCheck(both, first.state, { kind: "pick", index: 1, seq: first.state.seq }, NOW),
    );
    expect(eye.prompt.question?.vi).toBe("Gia đình bạn ở tỉnh nào?");
    expect(eye.prompt.choices.map((c) => c.vi)).toEqual(["Cao Bằng", "Kon Tum"]);
    const back = asked(stepCheck(both, eye.state, { kind: "back" }, NOW));
    expect(back.prompt.kind).toBe("programme");
    const byName = asked(stepCheck(both, back.state, { kind: "text", text: "mat sang" }, NOW));
    expect(byName.state.programmeId).toBe("mat-sang-2027");
  });

  it("takes the programme from the event the check started from", () => {
    const turn = asked(startCheck(both, { eventId: "ms-kt" }, NOW));
    expect(turn.state.programmeId).toBe("mat-sang-2027");
    expect(turn.prompt.canGoBack).toBe(false);
  });

  it("says whom a programme without rules is for and offers no check", () => {
    const noRules: CheckEnv = { ...both, rules: { ...tour.rules } };
    expect(startCheck(noRules, { eventId: "ms-cb" }, NOW)).toMatchObject({
      kind: "audience",
      programmes: [{ id: "mat-sang-2027" }],
    });
  });

  it("recognises a button of an earlier question as stale and changes nothing", () => {
    const first = asked(startCheck(tour, {}, NOW));
    const second = asked(
      stepCheck(tour, first.state, { kind: "pick", index: 0, seq: first.state.seq }, NOW),
    );
    const stale = stepCheck(
      tour,
      second.state,
      { kind: "pick", index: 2, seq: first.state.seq },
      NOW,
    );
    expect(stale.kind).toBe("stale");
  });

  it("says where the programme already took place when nothing is upcoming there", () => {
    const later: CheckEnv = { ...tour, snapshot: { ...tour.snapshot, today: "2026-12-01" } };
    let turn = asked(startCheck(later, {}, NOW));
    // With everything past, the provinces it visited are still offered.
    expect(turn.prompt.choices.length).toBeGreaterThan(0);
    turn = asked(stepCheck(later, turn.state, { kind: "text", text: "ha giang" }, NOW));
    turn = asked(stepCheck(later, turn.state, { kind: "text", text: "co" }, NOW));
    const result = stepCheck(later, turn.state, { kind: "text", text: "ho ngheo" }, NOW);
    if (result.kind !== "result") throw new Error(result.kind);
    expect(result.conclusion.event).toBeUndefined();
    expect(result.conclusion.past?.event.id).toBe("hg13");
  });

  it("expires after 24 hours and cancels on typed words", () => {
    const first = asked(startCheck(tour, {}, NOW));
    expect(
      stepCheck(tour, first.state, { kind: "text", text: "ha giang" }, NOW + 25 * 3600e3).kind,
    ).toBe("expired");
    expect(stepCheck(tour, first.state, { kind: "text", text: "Hủy" }, NOW).kind).toBe("cancelled");
  });
});

describe("rules file formats", () => {
  it("binds an old single-programme file to the first programme, and names bad fields", () => {
    const { programmeId: _omit, ...old } = tour.rules["viettel-vi-cong-dong-2013"] as object as {
      programmeId?: string;
    };
    const parsed = parseRulesFile(old);
    if (!parsed.success) throw parsed.error;
    const bound = bindRules(parsed.data, ["first", "second"]);
    expect(bound.ok && Object.keys(bound.rules)).toEqual(["first"]);
    const wrong = parseRulesFile({ programmes: { x: { version: 1 } } });
    expect(wrong.success).toBe(false);
    if (!wrong.success) expect(wrong.error.issues[0]?.path.join(".")).toMatch(/^programmes\.x\./);
    const unknown = bindRules(
      { programmes: { nope: tour.rules["viettel-vi-cong-dong-2013"] } } as never,
      ["first"],
    );
    expect(unknown).toMatchObject({ ok: false, problem: { path: "programmes.nope" } });
  });
});
