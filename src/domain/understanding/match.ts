/**
 * Token-sequence matching of cue patterns, and the language guess. Pure helpers for
 * `understand.ts`.
 */
import type { Cue } from "./cues.js";
import { ENGLISH_WORDS, VIETNAMESE_WORDS } from "./cues-dialogue.js";

/** Largest number of tokens a `*` in a pattern may skip. */
const MAX_GAP = 2;

/** A compiled pattern: its tokens, `*` kept as a gap marker. */
export type Pattern = readonly string[];

/** Splits a folded pattern into tokens. */
export function compile(pattern: string): Pattern {
  return pattern.split(" ").filter((token) => token.length > 0);
}

function matchesFrom(tokens: readonly string[], at: number, pattern: Pattern, p: number): boolean {
  if (p === pattern.length) return true;
  const want = pattern[p];
  if (want === "*") {
    for (let skip = 0; skip <= MAX_GAP && at + skip <= tokens.length; skip++) {
      if (matchesFrom(tokens, at + skip, pattern, p + 1)) return true;
    }
    return false;
  }
  return tokens[at] === want && matchesFrom(tokens, at + 1, pattern, p + 1);
}

/** Index of the first token where `pattern` matches as a whole-token sequence, or -1. */
export function findPattern(tokens: readonly string[], pattern: Pattern): number {
  if (pattern.length === 0) return -1;
  for (let at = 0; at < tokens.length; at++) {
    if (matchesFrom(tokens, at, pattern, 0)) return at;
  }
  return -1;
}

/** True when `pattern` occurs in `tokens`. */
export function hasPattern(tokens: readonly string[], pattern: Pattern): boolean {
  return findPattern(tokens, pattern) >= 0;
}

/** True when `tokens` begin with `pattern`. */
export function startsWithPattern(tokens: readonly string[], pattern: Pattern): boolean {
  return matchesFrom(tokens, 0, pattern, 0);
}

/** A compiled cue list, indexed by the first token of each pattern. */
export interface CompiledCues {
  readonly cues: readonly (readonly [Pattern, number])[];
  /** Positions in `cues` by the pattern's first token. */
  readonly byFirst: ReadonlyMap<string, readonly number[]>;
  /** Positions of patterns that open with a gap (`*`) or are empty: always tried. */
  readonly loose: readonly number[];
}

/** Compiles cue patterns once. */
export function compileCues(list: readonly Cue[]): CompiledCues {
  const cues = list.map(([pattern, weight]) => [compile(pattern), weight] as const);
  const byFirst = new Map<string, number[]>();
  const loose: number[] = [];
  cues.forEach(([pattern], at) => {
    const first = pattern[0];
    if (first === undefined || first === "*") loose.push(at);
    else byFirst.set(first, [...(byFirst.get(first) ?? []), at]);
  });
  return { cues, byFirst, loose };
}

/**
 * Sum of the weights of the cues found in `tokens`; each cue counts once. Only the cues that
 * open with one of the text's tokens are tried (most cues cannot match any one question);
 * `distinct` is `tokens` without repeats, when the caller has it. The weights are added in the
 * list's order, so the sum is the same to the last bit as over the whole list.
 */
export function scoreCues(
  tokens: readonly string[],
  compiled: CompiledCues,
  distinct: Iterable<string> = new Set(tokens),
): number {
  const hits: number[] = [];
  for (const token of distinct) {
    const positions = compiled.byFirst.get(token);
    if (!positions) continue;
    for (const at of positions) {
      if (hasPattern(tokens, (compiled.cues[at] as readonly [Pattern, number])[0])) hits.push(at);
    }
  }
  for (const at of compiled.loose) {
    if (hasPattern(tokens, (compiled.cues[at] as readonly [Pattern, number])[0])) hits.push(at);
  }
  if (hits.length === 0) return 0;
  if (hits.length > 1) hits.sort((a, b) => a - b);
  let score = 0;
  for (const at of hits) score += (compiled.cues[at] as readonly [Pattern, number])[1];
  return score;
}

/** Letters with Vietnamese diacritics (precomposed or combining), or đ. */
const VIETNAMESE_MARKS = /[\u00C0-\u024F\u1EA0-\u1EF9]|[\u0300-\u036F]/;

/**
 * Guesses the language: English when the words are mostly English ones and not Vietnamese
 * ones, and the raw text carries no Vietnamese diacritics. Vietnamese otherwise.
 */
export function guessLanguage(raw: string, tokens: readonly string[]): "vi" | "en" {
  if (VIETNAMESE_MARKS.test(raw)) return "vi";
  let en = 0;
  let vi = 0;
  for (const token of tokens) {
    if (ENGLISH_WORDS.has(token)) en++;
    else if (VIETNAMESE_WORDS.has(token)) vi++;
  }
  return en > vi ? "en" : "vi";
}
