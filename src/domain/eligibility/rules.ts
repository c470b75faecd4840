/**
 * The eligibility rules file (`data/eligibility-rules.json`): steps to ask, outcomes by answers,
 * what to bring. Coordinators change the file, not the code.
 */
import { z } from "zod";

const text = z.object({ vi: z.string().min(1), en: z.string().min(1).optional() });
/** Answers that make a condition true: step id → accepted option ids. */
const condition = z.record(z.string(), z.array(z.string()).min(1));

const choiceStep = z.object({
  id: z.string().regex(/^[a-z_]+$/),
  kind: z.literal("choice"),
  question: text,
  hint: text,
  /** Skip this step when an earlier answer matches. */
  skipWhen: condition.optional(),
  options: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z_]+$/),
        label: text,
        /** Folded (unaccented, lowercase) words that select this option when typed. */
        synonyms: z.array(z.string()),
      }),
    )
    .min(2),
});

const provinceStep = z.object({
  id: z.string().regex(/^[a-z_]+$/),
  kind: z.literal("province"),
  question: text,
  hint: text,
});

/** Schema of the rules file. */
export const eligibilityRulesSchema = z
  .object({
    version: z.number().int(),
    notes: z.array(z.string()),
    services: z.record(z.string(), text),
    steps: z.array(z.discriminatedUnion("kind", [choiceStep, provinceStep])).min(1),
    outcomes: z
      .array(
        z.object({
          id: z.string(),
          when: condition,
          verdict: z.enum(["eligible", "partly", "not_eligible"]),
          reason: text,
          services: z.array(z.string()),
        }),
      )
      .min(1),
    bring: z.object({
      always: z.array(text),
      whenAnswered: z.array(z.object({ when: condition, item: text })),
    }),
  })
  .superRefine((rules, ctx) => {
    const stepIds = new Set(rules.steps.map((s) => s.id));
    rules.outcomes.forEach((outcome, index) => {
      for (const stepId of Object.keys(outcome.when)) {
        if (!stepIds.has(stepId)) {
          ctx.addIssue({
            code: "custom",
            path: ["outcomes", index, "when", stepId],
            message: `no step "${stepId}"`,
          });
        }
      }
      outcome.services.forEach((service, s) => {
        if (!(service in rules.services)) {
          ctx.addIssue({
            code: "custom",
            path: ["outcomes", index, "services", s],
            message: `no service "${service}" in services`,
          });
        }
      });
    });
  });

/** The validated rules. */
export type EligibilityRules = z.output<typeof eligibilityRulesSchema>;
/** One step. */
export type EligibilityStep = EligibilityRules["steps"][number];
/** A multiple-choice step. */
export type ChoiceStep = Extract<EligibilityStep, { kind: "choice" }>;
/** One outcome rule. */
export type OutcomeRule = EligibilityRules["outcomes"][number];
