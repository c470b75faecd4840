/**
 * Which of a programme's listed services a question names ("có cấp kính không"); the services
 * come from data. Which specific fact it asks for is in `cues-facts.ts`, re-exported here. Pure.
 */
import type { Programme } from "../types.js";
import { isFunctionWord } from "./faq.js";
import { compile, hasPattern, type Pattern } from "./match.js";
import { clean, GENERIC } from "./programmes.js";

export { askedFact, type FactAsk } from "./cues-facts.js";

/**
 * Words of service lines that name no particular service: the programme-generic ones, plus
 * verbs of giving and advising, "free", and function words.
 */
const PLAIN = new Set([
  ...GENERIC,
  "kham",
  "benh",
  "tang",
  "phat",
  "cap",
  "tu",
  "van",
  "huong",
  "ky",
  "thuat",
  "in",
  "an",
  "with",
  "your",
  "khach",
  "hang",
]);

/** The folded words of a service line. */
const words = (text: string): string[] => clean(text).split(" ").filter(Boolean);

/** One listed service and the patterns that name it. */
interface ServiceWords {
  programmeId: string;
  index: number;
  patterns: Pattern[];
}

/** Built once per set of service lines (repositories hand out fresh copies per question). */
const cache = new Map<string, ServiceWords[]>();
const CACHED = 8;

/**
 * Patterns naming each service line: its two-word phrases ("cap kinh", "phan bon") and its own
 * words that no other line of the same programme uses ("kinh", "giong"; four letters or more,
 * or the line's first word: "mo" of "Mổ đục thủy tinh thể"), words in {@link PLAIN} left out.
 */
const byList = new WeakMap<readonly Programme[], ServiceWords[]>();

function serviceWords(programmes: readonly Programme[]): ServiceWords[] {
  // The same list object (a store's shared catalogue) is found without serialising it.
  const same = byList.get(programmes);
  if (same) return same;
  const key = JSON.stringify(programmes.map((p) => [p.id, p.services]));
  const cached = cache.get(key);
  if (cached) {
    byList.set(programmes, cached);
    return cached;
  }
  const out: ServiceWords[] = [];
  for (const programme of programmes) {
    const lines = programme.services.map((service) =>
      [service.vi, service.en ?? ""].map(words).filter((tokens) => tokens.length > 0),
    );
    const counts = new Map<string, number>();
    for (const texts of lines) {
      for (const token of new Set(texts.flat())) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    lines.forEach((texts, index) => {
      const phrases = new Set<string>();
      for (const tokens of texts) {
        for (let i = 0; i < tokens.length; i++) {
          const a = tokens[i] ?? "";
          const b = tokens[i + 1];
          if (b && !(PLAIN.has(a) && PLAIN.has(b)) && a.length > 1 && b.length > 1) {
            phrases.add(`${a} ${b}`);
          }
          // Its own words: four letters or more, or the word it opens with ("Mổ …", "Chữa …")
          // unless that is a function word ("Đo huyết áp" is not every "do").
          const opening = i === 0 && !isFunctionWord(a);
          const own = !PLAIN.has(a) && a.length >= (opening ? 2 : 4) && counts.get(a) === 1;
          if (own) phrases.add(a);
        }
      }
      out.push({ programmeId: programme.id, index, patterns: [...phrases].map(compile) });
    });
  }
  if (cache.size >= CACHED) cache.delete(cache.keys().next().value ?? "");
  byList.set(programmes, out);
  cache.set(key, out);
  return out;
}

/** A listed service a question names. */
export interface ServiceRef {
  programmeId: string;
  /** Index in the programme's `services`. */
  index: number;
}

/** The listed services `tokens` (folded, abbreviations expanded) name. */
export function namedServices(
  tokens: readonly string[],
  programmes: readonly Programme[],
): ServiceRef[] {
  return serviceWords(programmes)
    .filter((words) => words.patterns.some((pattern) => hasPattern(tokens, pattern)))
    .map(({ programmeId, index }) => ({ programmeId, index }));
}
