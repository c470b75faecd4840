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
  /**
   * Ignored: how to answer a province step depends on the channel (buttons on Telegram, numbers
   * on Zalo), so that hint comes from the locales. Still accepted so old files load.
   */
  hint: text.optional(),
});

/** Schema of the rules file. */
export const eligibilityRulesSchema = z
  .object({
    /** The programme these rules are for (a single-programme file may name it). */
    programmeId: z.string().min(1).optional(),
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

/**
 * The whole file: either one programme's rules (the original format; it may name its
 * `programmeId`) or `{ "programmes": { "<programmeId>": rules, ... } }`.
 */
const multiProgrammeFileSchema = z.object({
  version: z.number().int().optional(),
  notes: z.array(z.string()).optional(),
  programmes: z.record(z.string(), eligibilityRulesSchema),
});

/** The rules file as parsed, before it is bound to programmes. */
export type EligibilityRulesFile =
  | z.output<typeof multiProgrammeFileSchema>
  | z.output<typeof eligibilityRulesSchema>;

/**
 * Validates the file in whichever format it is written (a top-level `programmes` object means
 * the multi-programme format), so errors name the real field, not "no union member matched".
 */
export function parseRulesFile(
  raw: unknown,
): { success: true; data: EligibilityRulesFile } | { success: false; error: z.ZodError } {
  const multi = typeof raw === "object" && raw !== null && "programmes" in raw;
  return multi ? multiProgrammeFileSchema.safeParse(raw) : eligibilityRulesSchema.safeParse(raw);
}

/** Rules per programme id; a programme without an entry has no check. */
export type ProgrammeRules = Readonly<Record<string, EligibilityRules>>;

/** Why a rules file cannot be bound: the field and the problem. */
export interface RulesBindingProblem {
  path: string;
  message: string;
}

/**
 * Binds a parsed rules file to the loaded programmes. A single-programme file binds to its
 * `programmeId`, or, without one, to the first programme listed (the format predates several
 * programmes, when the first was the only one). Pure.
 */
export function bindRules(
  file: EligibilityRulesFile,
  programmeIds: readonly string[],
): { ok: true; rules: ProgrammeRules } | { ok: false; problem: RulesBindingProblem } {
  const known = new Set(programmeIds);
  if ("programmes" in file) {
    for (const id of Object.keys(file.programmes)) {
      if (!known.has(id)) {
        return {
          ok: false,
          problem: { path: `programmes.${id}`, message: `no programme "${id}" in programmes.json` },
        };
      }
    }
    return { ok: true, rules: { ...file.programmes } };
  }
  const id = file.programmeId ?? programmeIds[0];
  if (id === undefined) return { ok: true, rules: {} };
  if (!known.has(id)) {
    return {
      ok: false,
      problem: { path: "programmeId", message: `no programme "${id}" in programmes.json` },
    };
  }
  return { ok: true, rules: { [id]: file } };
}
