/**
 * Groups what customers asked that the bot could not answer, by similar wording, so
 * coordinators see "12 × có cần mang CMND không" instead of twelve separate lines.
 */
import type { UnansweredQuestion } from "../ports.js";

/** A group of similar questions. */
export interface QuestionGroup {
  /** The most recent wording, as typed. */
  sample: string;
  count: number;
  /** ISO instant of the latest question in the group. */
  lastAt: string;
  ids: string[];
}

/** Words too common to tell questions apart (folded, without diacritics). */
const STOPWORDS = new Set(
  "a ah a oi ban cho co khong ko k la o thi va voi minh em anh chi oi nhe nha vay the gi ak u".split(
    " ",
  ),
);

/** Similarity (Jaccard over content words) at which two questions count as the same. */
export const SIMILARITY_THRESHOLD = 0.6;

function words(text: string, fold: (text: string) => string): Set<string> {
  const tokens = fold(text)
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const content = tokens.filter((w) => !STOPWORDS.has(w));
  return new Set(content.length > 0 ? content : tokens);
}

function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Groups open (not handled) questions, largest group first, then most recent. `fold`
 * normalises Vietnamese text (case, diacritics, Telex leftovers).
 */
export function groupUnanswered(
  questions: readonly UnansweredQuestion[],
  fold: (text: string) => string,
): QuestionGroup[] {
  const open = questions.filter((q) => !q.handledAt).sort((a, b) => b.at.localeCompare(a.at));
  const groups: Array<QuestionGroup & { words: Set<string> }> = [];
  for (const question of open) {
    const w = words(question.text, fold);
    const group = groups.find((g) => similarity(g.words, w) >= SIMILARITY_THRESHOLD);
    if (group) {
      group.count++;
      group.ids.push(question.id);
      for (const word of w) group.words.add(word);
    } else {
      groups.push({
        sample: question.text,
        count: 1,
        lastAt: question.at,
        ids: [question.id],
        words: w,
      });
    }
  }
  return groups
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt))
    .map(({ words: _words, ...group }) => group);
}
