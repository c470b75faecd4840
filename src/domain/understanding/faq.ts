/**
 * Matching a customer's question against the FAQ entries of the loaded programmes (question
 * variants written by coordinators, or taught from `/unanswered`). Both sides are normalised the
 * way the rest of understanding is (no diacritics, teencode expanded, Telex tone letters
 * dropped); the similarity is a weighted token overlap (F2 of shared weight), where function
 * words weigh little and words used by fewer entries weigh more. Pure.
 */
import { expandAbbreviations, fold, stripTelexTone } from "../text/normalize.js";
import type { Programme } from "../types.js";
import { faqOf } from "../programme-facts.js";
import { PROVINCE_TOKEN } from "./places.js";

/** Below this similarity (F2) a question is not taken for an FAQ entry (measured on the corpus). */
export const FAQ_THRESHOLD = 0.55;

/**
 * Share of an entry wording's weight a question must cover: a question that leaves out what the
 * entry is about ("có mổ mắt không" against "bị tiểu đường có mổ mắt được không") is another
 * question. Measured on the tuning corpus: right matches cover 0.73 or more, the closest wrong
 * one 0.50.
 */
export const FAQ_MIN_RECALL = 0.6;

/** Share of the question's weight the entry must cover: a long message is not one FAQ question. */
export const FAQ_MIN_PRECISION = 0.25;

/**
 * Similarity (F1) needed when the question also names a province, a day, a month, a window or
 * a listed service: then the data answers it unless it is worded almost exactly like the entry.
 */
export const FAQ_THRESHOLD_WITH_ENTITIES = 0.85;

/**
 * Words that carry little meaning on their own, in folded form (Vietnamese and English), as
 * {@link faqTokens} turns them ("need" → "ned").
 */
const FUNCTION_WORDS = new Set(
  (
    "co khong duoc la gi the nao vay a ah oi nhi nhe ha chu thi ma va voi cua cho o tai toi minh em anh chi ban " +
    "bac co chu ong ba nguoi chung ta nay do kia nhung cac mot can phai nen se da dang roi khi nao " +
    "bao gio lam sao nhu the nao ra sao hay hoac neu de ve tu den trong ngoai len xuong vi " +
    "i you we they it is are am be do does did can could should must will would the to of " +
    "in on at for and or with my your me please what how when where which who there this that " +
    "have has need " +
    // Politeness around a question: "cho hỏi", "bên mình", "xin", "vui lòng", "giúp", "ạ".
    "hoi ben xin vui long giup nhe nha dum"
  )
    .split(" ")
    .map(stripTelexTone),
);

/** True for a word that carries little meaning on its own ("co", "khong", "do", "the"…). */
export function isFunctionWord(token: string): boolean {
  return FUNCTION_WORDS.has(stripTelexTone(token));
}

/** Words of the domain itself: every programme question uses them, so they tell entries apart little. */
const DOMAIN_WORDS = new Set(
  "kham benh chuong trinh su kien dot di tham gia dang ky event programme check up"
    .split(" ")
    .map(stripTelexTone),
);

const FUNCTION_WEIGHT = 0.15;
const DOMAIN_WEIGHT = 0.4;
/** A place named in the question: what it asks is about that place. */
const PLACE_WEIGHT = 3;
/** How {@link placeKeys} writes a place: this prefix and the province id. */
const PLACE_PREFIX = "xplace";

/**
 * Folded text with each place found by `extractPlaces` (`ids`, in order, for each
 * {@link PROVINCE_TOKEN}; understanding passes current units' ids) written as one token naming
 * that province, so that an entry taught for Nghệ An matches "Nghệ An" however it is written,
 * and never Quảng Trị.
 */
export function placeKeys(text: string, ids: readonly string[]): string {
  let at = 0;
  return text.replace(new RegExp(PROVINCE_TOKEN, "g"), () => {
    const id = ids[at++] ?? "";
    return `${PLACE_PREFIX}${id.replace(/[^a-z0-9]/g, "")}`;
  });
}

/** Turns a folded question into {@link placeKeys} form (understanding passes its gazetteer's). */
export type PlaceMasker = (folded: string) => string;

/** Tokens of `text` as both sides are compared. */
export function faqTokens(text: string): string[] {
  return expandAbbreviations(fold(text).replace(/[^a-z0-9\s]/g, " "))
    .split(/\s+/)
    .filter((token) => token.length > 0)
    .map(stripTelexTone);
}

interface Variant {
  programmeId: string;
  entryId: string;
  tokens: Set<string>;
  /** Each token's weight, and their sum: fixed once the index is built. */
  weights: Map<string, number>;
  total: number;
}

interface Index {
  variants: Variant[];
  /** How many entries use each token. */
  entriesWith: Map<string, number>;
  entries: number;
}

/**
 * Indexes by what they are built from: repositories hand out fresh copies of the programmes for
 * every question, so the wordings themselves are the key. A few are kept (one per catalogue).
 */
const cache = new Map<string, Index>();
const CACHED_INDEXES = 8;

function keyOf(programmes: readonly Programme[]): string {
  return JSON.stringify(programmes.map((p) => [p.id, faqOf(p).map((e) => [e.id, e.questions])]));
}

/** The same list object (a store's shared catalogue) is found without serialising it. */
const byList = new WeakMap<readonly Programme[], Index>();

function indexOf(programmes: readonly Programme[], mask: PlaceMasker | undefined): Index {
  const same = byList.get(programmes);
  if (same) return same;
  const key = keyOf(programmes);
  const cached = cache.get(key);
  if (cached) {
    byList.set(programmes, cached);
    return cached;
  }
  const variants: Variant[] = [];
  const entriesWith = new Map<string, number>();
  let entries = 0;
  for (const programme of programmes) {
    for (const entry of faqOf(programme)) {
      entries++;
      const used = new Set<string>();
      for (const question of entry.questions) {
        const tokens = new Set(faqTokens(mask ? mask(fold(question)) : question));
        if (tokens.size === 0) continue;
        for (const token of tokens) used.add(token);
        variants.push({
          programmeId: programme.id,
          entryId: entry.id,
          tokens,
          weights: new Map(),
          total: 0,
        });
      }
      for (const token of used) entriesWith.set(token, (entriesWith.get(token) ?? 0) + 1);
    }
  }
  const index: Index = { variants, entriesWith, entries };
  for (const variant of variants) {
    for (const token of variant.tokens) {
      const w = weight(token, index);
      variant.weights.set(token, w);
      variant.total += w;
    }
  }
  if (cache.size >= CACHED_INDEXES) cache.delete(cache.keys().next().value ?? "");
  cache.set(key, index);
  byList.set(programmes, index);
  return index;
}

function weight(token: string, index: Index): number {
  if (token.startsWith(PLACE_PREFIX)) return PLACE_WEIGHT;
  if (FUNCTION_WORDS.has(token)) return FUNCTION_WEIGHT;
  if (DOMAIN_WORDS.has(token)) return DOMAIN_WEIGHT;
  // Words no entry uses weigh as a plain word; an entry's rarer words weigh more.
  const used = index.entriesWith.get(token);
  return used === undefined ? 1 : 1 + Math.log((index.entries + 1) / (used + 1));
}

/** The FAQ entry a question is taken for, and how similar its closest wording is (0..1). */
export interface FaqMatch {
  programmeId: string;
  entryId: string;
  score: number;
  /** Share of the entry wording's weight the question covers. */
  recall: number;
}

/**
 * The FAQ entry whose wording is closest to `text`, among `programmes` (only those in
 * `onlyProgrammeIds` when given), when the similarity reaches {@link FAQ_THRESHOLD} (`strict`:
 * {@link FAQ_THRESHOLD_WITH_ENTITIES}, both ways) and the two share at least one word that is
 * not a function word. `text` may have its places in {@link placeKeys} form; `mask` turns the
 * entries' wordings into the same form.
 */
export function matchFaq(
  text: string,
  programmes: readonly Programme[],
  strict = false,
  onlyProgrammeIds?: readonly string[],
  mask?: PlaceMasker,
): FaqMatch | undefined {
  if (programmes.length === 0) return undefined;
  const index = indexOf(programmes, mask);
  if (index.variants.length === 0) return undefined;
  const question = new Set(faqTokens(text));
  if (question.size === 0) return undefined;
  let questionWeight = 0;
  for (const token of question) questionWeight += weight(token, index);
  const only = onlyProgrammeIds?.length ? new Set(onlyProgrammeIds) : undefined;
  let bestMatch: FaqMatch | undefined;
  for (const variant of index.variants) {
    if (only && !only.has(variant.programmeId)) continue;
    let shared = 0;
    let meaningful = false;
    for (const token of question) {
      const w = variant.weights.get(token);
      if (w === undefined) continue;
      shared += w;
      if (!FUNCTION_WORDS.has(token)) meaningful = true;
    }
    if (!meaningful || shared === 0) continue;
    const precision = shared / questionWeight;
    const recall = shared / variant.total;
    // F2: covering the entry's wording counts more than the words a customer adds around it;
    // strict: F1, both ways alike ("worded almost exactly like the entry").
    const score = strict
      ? (2 * precision * recall) / (precision + recall)
      : (5 * precision * recall) / (4 * precision + recall);
    const threshold = strict ? FAQ_THRESHOLD_WITH_ENTITIES : FAQ_THRESHOLD;
    const covers = recall >= FAQ_MIN_RECALL && precision >= FAQ_MIN_PRECISION;
    if (score >= threshold && covers && (!bestMatch || score > bestMatch.score)) {
      bestMatch = { programmeId: variant.programmeId, entryId: variant.entryId, score, recall };
    }
  }
  return bestMatch;
}
