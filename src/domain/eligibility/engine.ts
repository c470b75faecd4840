/**
 * The rule engine: which steps to ask, how typed answers select options, and which outcome
 * the answers lead to. Pure.
 */
import { fold, normalizeQuestion } from "../text/normalize.js";
import type { LocalizedText } from "../types.js";
import type { ChoiceStep, EligibilityRules, EligibilityStep, OutcomeRule } from "./rules.js";

/** Answers so far: step id → option id (or province id for the province step). */
export type Answers = Readonly<Record<string, string>>;

/** The verdict shown to the customer. */
export type Verdict = OutcomeRule["verdict"] | "no_event_here";

/** What the customer qualifies for. */
export interface EligibilityResult {
  outcomeId: string;
  verdict: Verdict;
  reason: LocalizedText;
  services: LocalizedText[];
  bring: LocalizedText[];
}

function matches(
  condition: Readonly<Record<string, readonly string[]>>,
  answers: Answers,
): boolean {
  return Object.entries(condition).every(([step, accepted]) => {
    const answer = answers[step];
    return answer !== undefined && accepted.includes(answer);
  });
}

/** The steps that apply given the answers so far (skipped ones removed), in order. */
export function activeSteps(rules: EligibilityRules, answers: Answers): EligibilityStep[] {
  return rules.steps.filter(
    (step) => step.kind !== "choice" || !step.skipWhen || !matches(step.skipWhen, answers),
  );
}

/** The first unanswered applicable step, or undefined when all are answered. */
export function nextStep(rules: EligibilityRules, answers: Answers): EligibilityStep | undefined {
  return activeSteps(rules, answers).find((step) => answers[step.id] === undefined);
}

/**
 * Reads a typed answer to a choice step: the option's number ("2"), its label, or one of its
 * synonyms, with or without diacritics or teencode. Longest match wins, so "khong phai"
 * beats "khong". Undefined when nothing fits.
 */
export function matchOption(step: ChoiceStep, typed: string): string | undefined {
  const { expanded, folded } = normalizeQuestion(typed);
  if (!expanded) return undefined;
  const number = /^(\d)$/.exec(folded)?.[1];
  if (number) return step.options[Number(number) - 1]?.id;
  let best: { id: string; length: number } | undefined;
  for (const option of step.options) {
    const phrases = [fold(option.label.vi), ...(option.label.en ? [fold(option.label.en)] : [])];
    for (const phrase of [...phrases, ...option.synonyms]) {
      const hit =
        expanded === phrase ||
        folded === phrase ||
        ` ${expanded} `.includes(` ${phrase} `) ||
        ` ${folded} `.includes(` ${phrase} `);
      if (hit && (!best || phrase.length > best.length))
        best = { id: option.id, length: phrase.length };
    }
  }
  return best?.id;
}

/** Evaluates complete answers: the first outcome whose conditions hold. */
export function evaluate(rules: EligibilityRules, answers: Answers): EligibilityResult | undefined {
  const outcome = rules.outcomes.find((rule) => matches(rule.when, answers));
  if (!outcome) return undefined;
  const services = outcome.services
    .map((id) => rules.services[id])
    .filter((s): s is LocalizedText => s !== undefined);
  const bring =
    outcome.verdict === "not_eligible"
      ? []
      : [
          ...rules.bring.always,
          ...rules.bring.whenAnswered.filter((b) => matches(b.when, answers)).map((b) => b.item),
        ];
  return {
    outcomeId: outcome.id,
    verdict: outcome.verdict,
    reason: outcome.reason,
    services,
    bring,
  };
}
