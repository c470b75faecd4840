/**
 * Unanswered questions in the sharded collection `DATA_DIR/unanswered/`, one record per user
 * (their questions), so keeping a question rewrites one small shard. The open questions are
 * indexed in memory for `/unanswered`; handled ones stay on file and are only counted.
 */
import { z } from "zod";
import type { UnansweredQuestion, UnansweredRepository } from "../domain/ports.js";
import { groupBy, openCollection } from "./legacy.js";
import { legacySchemas, unansweredSchema } from "./state-schemas.js";
import type { ShardOptions } from "./user-repository.js";

/** Opens the unanswered questions. */
export async function openUnansweredRepository(
  dataDir: string,
  options: ShardOptions = {},
): Promise<UnansweredRepository> {
  const open = new Map<string, UnansweredQuestion>();
  let total = 0;
  const index = (questions: readonly UnansweredQuestion[] | undefined, add: boolean) => {
    for (const q of questions ?? []) {
      total += add ? 1 : -1;
      if (q.handledAt) continue;
      if (add) open.set(q.id, q);
      else open.delete(q.id);
    }
  };
  const questions = await openCollection<typeof legacySchemas.unanswered, UnansweredQuestion[]>(
    dataDir,
    "unanswered",
    {
      ...options,
      schema: z.array(unansweredSchema) as unknown as z.ZodType<UnansweredQuestion[]>,
      onChange: (_key, before, after) => {
        index(before, false);
        index(after, true);
      },
    },
    {
      name: "unanswered.json",
      schema: legacySchemas.unanswered,
      entries: (data) =>
        groupBy(data.questions as UnansweredQuestion[], (q) => q.userKey).entries(),
    },
  );
  return {
    add: (question) =>
      questions.update(question.userKey, (current = []) => ({
        value: [...current, question],
        result: undefined,
      })),
    open: async (limit) =>
      [...open.values()]
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, limit)
        .map((q) => structuredClone(q)),
    counts: async () => ({ total, open: open.size }),
    countBy: async (userKey, since) =>
      ((await questions.get(userKey)) ?? []).filter((q) => Date.parse(q.at) >= since.getTime())
        .length,
    async markHandled(ids, at) {
      const wanted = ids.map((id) => open.get(id)).filter((q) => q !== undefined);
      let count = 0;
      for (const [userKey, mine] of groupBy(wanted, (q) => q.userKey)) {
        const marking = new Set(mine.map((q) => q.id));
        count += await questions.update(userKey, (current = []) => {
          let marked = 0;
          const value = current.map((q) => {
            if (!marking.has(q.id) || q.handledAt) return q;
            marked++;
            return { ...q, handledAt: at };
          });
          return marked > 0 ? { value, result: marked } : { keep: true, result: 0 };
        });
      }
      return count;
    },
    deleteFor: (userKey) => questions.delete(userKey),
  };
}
