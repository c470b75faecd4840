/**
 * Which loaded programme(s) a message names: by name, alias, or a service phrase only one of
 * the loaded programmes offers. All words come from data (`programmes.json`), none from code.
 */
import { fold } from "../text/normalize.js";
import type { Programme } from "../types.js";
import { compile, hasPattern, type Pattern } from "./match.js";

/** Words too common to tell programmes apart when they appear in service texts. */
export const GENERIC = new Set([
  "mien",
  "phi",
  "cho",
  "va",
  "cac",
  "nguoi",
  "dan",
  "the",
  "and",
  "for",
  "of",
  "free",
  "to",
  "a",
  "tai",
  "co",
]);

/** A name without a trailing year: "<name> 2027" is also "<name>". */
function withoutYear(folded: string): string {
  return folded.replace(/\s*\b(19|20)\d{2}\b\s*$/, "").trim();
}

/** Folded words of a data text, letters and digits only, single-spaced. */
export function clean(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9\s]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Names and aliases of `programme`, folded, as patterns. */
function namePatterns(programme: Programme): Pattern[] {
  const phrases = new Set<string>();
  for (const name of [programme.name.vi, programme.name.en]) {
    if (!name) continue;
    const folded = clean(name);
    phrases.add(folded);
    phrases.add(withoutYear(folded));
  }
  for (const alias of programme.aliases ?? []) phrases.add(clean(alias));
  return [...phrases].filter((phrase) => phrase.length > 1).map(compile);
}

/** Two-word phrases of a programme's services ("kham mat", "cap kinh"), generic words left out. */
function serviceBigrams(programme: Programme): Set<string> {
  const bigrams = new Set<string>();
  for (const service of programme.services) {
    for (const text of [service.vi, service.en]) {
      if (!text) continue;
      const tokens = clean(text).split(" ");
      for (let i = 0; i + 1 < tokens.length; i++) {
        const a = tokens[i] ?? "";
        const b = tokens[i + 1] ?? "";
        if (GENERIC.has(a) || GENERIC.has(b) || a.length < 2 || b.length < 2) continue;
        bigrams.add(`${a} ${b}`);
      }
    }
  }
  return bigrams;
}

/** Compiled words of each loaded programme. */
interface ProgrammeWords {
  id: string;
  patterns: Pattern[];
}

const cache = new WeakMap<readonly Programme[], ProgrammeWords[]>();
/**
 * Repositories hand out a fresh copy of the programmes for every question, so the words are
 * also kept by content (the few latest catalogues).
 */
const byContent = new Map<string, ProgrammeWords[]>();

/**
 * The words each programme is named by. Service phrases count only when more than one
 * programme is loaded and no other programme's services share them.
 */
export function programmeWords(programmes: readonly Programme[]): ProgrammeWords[] {
  const cached = cache.get(programmes);
  if (cached) return cached;
  const content = JSON.stringify(programmes);
  const known = byContent.get(content);
  if (known) {
    cache.set(programmes, known);
    return known;
  }
  const bigrams = programmes.map(serviceBigrams);
  const words = programmes.map((programme, index) => {
    const patterns = namePatterns(programme);
    if (programmes.length > 1) {
      for (const bigram of bigrams[index] ?? []) {
        const shared = bigrams.some((other, j) => j !== index && other.has(bigram));
        if (!shared) patterns.push(compile(bigram));
      }
    }
    return { id: programme.id, patterns };
  });
  cache.set(programmes, words);
  if (byContent.size >= 8) byContent.delete(byContent.keys().next().value as string);
  byContent.set(content, words);
  return words;
}

/**
 * Ids of the programmes `folded` names, in catalogue order; empty when it names none, so that
 * the question stays about every loaded programme.
 */
export function namedProgrammes(folded: string, programmes: readonly Programme[]): string[] {
  if (programmes.length === 0) return [];
  const tokens = clean(folded).split(" ");
  return programmeWords(programmes)
    .filter((words) => words.patterns.some((pattern) => hasPattern(tokens, pattern)))
    .map((words) => words.id);
}
