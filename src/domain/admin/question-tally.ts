/**
 * How many questions customers asked per day, and how many Loa could answer. Counted as the
 * questions are answered (one small counter per Vietnam day), for `/stats`.
 */
import type { IsoDate } from "../types.js";

/** One day's counts. */
export interface DayTally {
  day: IsoDate;
  answered: number;
  unanswered: number;
}

/** Where the counts live. */
export interface QuestionTallyRepository {
  /** Counts one question on `day`. */
  add(day: IsoDate, answered: boolean): Promise<void>;
  /** Every day with questions, oldest first. */
  days(): Promise<DayTally[]>;
}

/** Totals over days. */
export function totalOf(days: readonly DayTally[]): { answered: number; unanswered: number } {
  return days.reduce(
    (sum, d) => ({
      answered: sum.answered + d.answered,
      unanswered: sum.unanswered + d.unanswered,
    }),
    { answered: 0, unanswered: 0 },
  );
}
