import { join } from "node:path";
import type { DayTally, QuestionTallyRepository } from "../domain/admin/question-tally.js";
import { JsonStore } from "./json-store.js";
import { tallyStateSchema } from "./state-schemas.js";

/**
 * Per-day question counts in `question-tally.json`. A counter is not something a person
 * entered, so it is written in the background, the questions of a quarter second in one write,
 * instead of delaying the answer (a kill -9 may lose that quarter second's counts).
 */
export async function openQuestionTallyRepository(
  dataDir: string,
  onBackgroundError: (error: unknown) => void = () => undefined,
): Promise<QuestionTallyRepository & { flush(): Promise<void> }> {
  const store = await JsonStore.open<{ days: Record<string, Omit<DayTally, "day">> }>(
    join(dataDir, "question-tally.json"),
    { days: {} },
    tallyStateSchema,
  );
  let pending: Promise<unknown> = Promise.resolve();
  return {
    /** Waits for the background writes (on close, so no temp file is left behind). */
    flush: async () => {
      await pending;
    },
    async add(day, answered) {
      pending = store
        .updateSoon((data) => {
          const counts = data.days[day] ?? { answered: 0, unanswered: 0 };
          data.days[day] = counts;
          if (answered) counts.answered++;
          else counts.unanswered++;
        })
        .catch(onBackgroundError);
    },
    days: async () =>
      Object.entries(store.read().days)
        .map(([day, counts]) => ({ day, ...counts }))
        .sort((a, b) => a.day.localeCompare(b.day)),
  };
}
