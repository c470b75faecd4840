import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  activeSteps,
  evaluate,
  matchOption,
  nextStep,
} from "../../../src/domain/eligibility/engine.js";
import { type ChoiceStep, eligibilityRulesSchema } from "../../../src/domain/eligibility/rules.js";

const rules = eligibilityRulesSchema.parse(
  JSON.parse(readFileSync("data/eligibility-rules.json", "utf8")),
);
const step = (id: string) => rules.steps.find((s) => s.id === id) as ChoiceStep;

describe("eligibility rules engine", () => {
  it.each([
    [{ province: "ha-giang", viettel: "yes", household: "poor" }, "hardship", "eligible", 5],
    [{ province: "ha-giang", viettel: "yes", household: "near_poor" }, "hardship", "eligible", 5],
    [
      { province: "ha-giang", viettel: "yes", household: "low_income" },
      "low_income",
      "eligible",
      4,
    ],
    [{ province: "ha-giang", viettel: "yes", household: "none" }, "customer", "partly", 3],
    [{ province: "ha-giang", viettel: "privilege" }, "privilege", "partly", 3],
    [{ province: "ha-giang", viettel: "no" }, "not_customer", "not_eligible", 0],
  ])("%o → %s", (answers, outcomeId, verdict, services) => {
    const result = evaluate(rules, answers);
    expect(result).toMatchObject({ outcomeId, verdict });
    expect(result?.services).toHaveLength(services);
    expect(nextStep(rules, answers)).toBeUndefined();
  });

  it("asks only the steps that apply", () => {
    expect(activeSteps(rules, { viettel: "no" }).map((s) => s.id)).toEqual(["province", "viettel"]);
    expect(nextStep(rules, {})?.id).toBe("province");
    expect(nextStep(rules, { province: "lai-chau" })?.id).toBe("viettel");
  });

  it("asks for the household certificate only from poor and near-poor households", () => {
    const poor = evaluate(rules, { province: "x", viettel: "yes", household: "poor" });
    const low = evaluate(rules, { province: "x", viettel: "yes", household: "low_income" });
    expect(poor?.bring.map((b) => b.vi).join()).toContain("hộ nghèo");
    expect(low?.bring.map((b) => b.vi).join()).not.toContain("hộ nghèo");
    expect(evaluate(rules, { province: "x", viettel: "no" })?.bring).toEqual([]);
  });

  it.each([
    ["có", "yes"],
    ["co", "yes"],
    ["rồi", "yes"],
    ["ko", "no"],
    ["k", "no"],
    ["không phải", "no"],
    ["2", "privilege"],
    ["Có, hội viên Privilege", "privilege"],
    ["YES", "yes"],
  ])("reads %s as %s", (typed, option) => {
    expect(matchOption(step("viettel"), typed)).toBe(option);
  });

  it("reads household answers and refuses nonsense", () => {
    expect(matchOption(step("household"), "cận nghèo")).toBe("near_poor");
    expect(matchOption(step("household"), "ho ngheo a")).toBe("poor");
    expect(matchOption(step("household"), "thu nhap thap")).toBe("low_income");
    expect(matchOption(step("household"), "banana")).toBeUndefined();
    expect(matchOption(step("household"), "9")).toBeUndefined();
  });

  it("rejects a rules file that points at a missing step or service", () => {
    const broken = JSON.parse(readFileSync("data/eligibility-rules.json", "utf8"));
    broken.outcomes[0].when = { income: ["low"] };
    const result = eligibilityRulesSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain("income");
  });
});
