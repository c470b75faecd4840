/** Per-day question counts on PostgreSQL: one row per day, incremented in place. */
import type { DayTally, QuestionTallyRepository } from "../../domain/admin/question-tally.js";
import type { SqlQueryable } from "./sql-client.js";

/**
 * The tally in `question_tally`. An increment is one upsert (`… DO UPDATE SET n = n + 1`), so
 * instances counting at once never lose a count.
 */
export function postgresQuestionTally(db: SqlQueryable): QuestionTallyRepository {
  return {
    async add(day, answered) {
      await db.query(
        `INSERT INTO question_tally (day, answered, unanswered) VALUES ($1, $2, $3)
         ON CONFLICT (day) DO UPDATE SET answered = question_tally.answered + EXCLUDED.answered,
           unanswered = question_tally.unanswered + EXCLUDED.unanswered`,
        [day, answered ? 1 : 0, answered ? 0 : 1],
      );
    },
    days: async () =>
      (
        await db.query<DayTally>(
          "SELECT day, answered, unanswered FROM question_tally ORDER BY day",
        )
      ).rows,
  };
}
