/**
 * The gazetteer: every province-level unit, current (34 since 1 July 2025) and former (63
 * before), found in folded text however people type them.
 */
import { z } from "zod";
import { fold, levenshtein, stripTelexTone } from "./text/normalize.js";
import type { Province } from "./types.js";

/** A province found in a text; `start`/`end` are character offsets in the folded text. */
export interface ProvinceMention {
  provinceId: string;
  matched: string;
  start: number;
  end: number;
  /** False when found by typo tolerance or Telex repair. */
  exact: boolean;
}

/** Looks up provinces. */
export interface Gazetteer {
  all(): readonly Province[];
  current(): readonly Province[];
  get(id: string): Province | undefined;
  /** The current unit a (possibly former) id belongs to. */
  currentOf(id: string): Province | undefined;
  /** Ids that refer to the same territory: the current unit and its former parts. */
  relatedIds(id: string): string[];
  /** Every province mentioned in folded text, in order, non-overlapping, longest match first. */
  findInText(folded: string): ProvinceMention[];
  /** Best match for a whole typed name ("Haf Giang", "hagiang", "dien bein", "TP HCM"). */
  resolve(name: string): Province | undefined;
}

const MAX_NAME_TOKENS = 5;
/** Words people put before a name; skipped when resolving a typed name. */
const PREFIXES = /^(?:o\s+|tai\s+|tinh\s+|tp\.?\s+|thanh pho\s+|province\s+|city\s+)+/;

interface Variant {
  provinceId: string;
  tokens: number;
  text: string;
  words: string[];
}

function variantsOf(province: Province): string[] {
  const names = [fold(province.name), fold(province.asciiName), ...province.aliases.map(fold)];
  const joined = names.filter((n) => n.includes(" ")).map((n) => n.replace(/ /g, ""));
  return [...new Set([...names, ...joined])].filter((n) => n.length > 0);
}

/** How many typos a name of this length tolerates; short names must be exact. */
function tolerance(length: number): number {
  if (length >= 12) return 2;
  if (length >= 7) return 1;
  return 0;
}

/**
 * Typos summed word by word. A word of three letters or fewer must be exact: "dong nam"
 * (south-east) is not "Đồng Nai", "vung sau" is not "Vũng Tàu", "an gi" is not
 * "An Giang".
 */
function typoDistance(words: string[], names: string[], max: number): number {
  let total = 0;
  for (let i = 0; i < names.length; i++) {
    const word = words[i] ?? "";
    const name = names[i] ?? "";
    if (word === name) continue;
    if (name.length <= 3) return max + 1;
    total += levenshtein(word, name, max);
    if (total > max) return max + 1;
  }
  return total;
}

/** Builds a gazetteer over `provinces`. */
export function createGazetteer(provinces: readonly Province[]): Gazetteer {
  const byId = new Map(provinces.map((p) => [p.id, p]));
  const exact = new Map<string, string>();
  /** Names that tolerate typos, by word count and first letter (a typo never hits the first). */
  const typoCandidates = new Map<string, Variant[]>();
  const variants: Variant[] = [];
  for (const province of provinces) {
    for (const text of variantsOf(province)) {
      if (!exact.has(text)) exact.set(text, province.id);
      const words = text.split(" ");
      variants.push({ provinceId: province.id, tokens: words.length, text, words });
      // A single word only matches the joined form of a longer name ("nghean" → nghe an).
      if (tolerance(text.length) === 0 || (words.length === 1 && text.length < 7)) continue;
      const key = `${words.length}${text[0]}`;
      const list = typoCandidates.get(key) ?? [];
      list.push(variants[variants.length - 1] as Variant);
      typoCandidates.set(key, list);
    }
  }

  const fuzzy = (phrase: string, tokenCount: number): string | undefined => {
    const candidates = typoCandidates.get(`${tokenCount}${phrase[0]}`);
    if (!candidates) return undefined;
    const words = phrase.split(" ");
    let best: { id: string; distance: number } | undefined;
    for (const variant of candidates) {
      const max = tolerance(variant.text.length);
      const distance = typoDistance(words, variant.words, max);
      if (distance <= max && (!best || distance < best.distance)) {
        best = { id: variant.provinceId, distance };
      }
    }
    return best?.id;
  };

  /** `phrase` and its Telex-repaired form (`words.length` words) as a province, if it is one. */
  const lookupPhrase = (
    phrase: string,
    repaired: string,
    wordCount: number,
    allowTypos: boolean,
  ): { id: string; exact: boolean } | undefined => {
    const direct = exact.get(phrase);
    if (direct) return { id: direct, exact: true };
    const telex = exact.get(repaired);
    if (telex) return { id: telex, exact: false };
    if (!allowTypos) return undefined;
    const typo = fuzzy(phrase, wordCount) ?? fuzzy(repaired, wordCount);
    return typo ? { id: typo, exact: false } : undefined;
  };

  const lookup = (words: string[], allowTypos = true) =>
    lookupPhrase(words.join(" "), words.map(stripTelexTone).join(" "), words.length, allowTypos);

  const findInText = (folded: string): ProvinceMention[] => {
    const texts: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (const match of folded.matchAll(/[a-z0-9]+/g)) {
      texts.push(match[0]);
      starts.push(match.index);
      ends.push(match.index + match[0].length);
    }
    const repairedTexts = texts.map(stripTelexTone);
    const mentions: ProvinceMention[] = [];
    // The phrases of up to MAX_NAME_TOKENS words from one position, built once for both passes.
    const phrases: string[] = [];
    const repaired: string[] = [];
    let i = 0;
    while (i < texts.length) {
      let found: ProvinceMention | undefined;
      const longest = Math.min(MAX_NAME_TOKENS, texts.length - i);
      for (let length = 1; length <= longest; length++) {
        const at = i + length - 1;
        phrases[length] =
          length === 1 ? (texts[at] as string) : `${phrases[length - 1]} ${texts[at]}`;
        repaired[length] =
          length === 1
            ? (repairedTexts[at] as string)
            : `${repaired[length - 1]} ${repairedTexts[at]}`;
      }
      // Exact names of any length beat typo matches, so "nghe an thu" stays Nghệ An.
      search: for (const allowTypos of [false, true]) {
        for (let length = longest; length >= 1; length--) {
          const hit = lookupPhrase(
            phrases[length] as string,
            repaired[length] as string,
            length,
            allowTypos,
          );
          if (!hit) continue;
          const start = starts[i] as number;
          const end = ends[i + length - 1] as number;
          found = {
            provinceId: hit.id,
            matched: folded.slice(start, end),
            start,
            end,
            exact: hit.exact,
          };
          i += length;
          break search;
        }
      }
      if (found) mentions.push(found);
      else i++;
    }
    return mentions;
  };

  const currentOf = (id: string) => {
    const province = byId.get(id);
    return province ? byId.get(province.currentId) : undefined;
  };

  return {
    all: () => provinces,
    current: () => provinces.filter((p) => p.current),
    get: (id) => byId.get(id),
    currentOf,
    relatedIds: (id) => {
      const current = currentOf(id);
      if (!current) return [];
      return [...new Set([current.id, ...current.formerIds])];
    },
    findInText,
    resolve: (name) => {
      const folded = fold(name).replace(PREFIXES, "");
      if (!folded) return undefined;
      const direct = lookup(folded.split(" "));
      if (direct) return byId.get(direct.id);
      const mention = findInText(folded)[0];
      if (mention) return byId.get(mention.provinceId);
      // A whole typed name may be a little further off than a name inside a sentence.
      let best: { id: string; distance: number } | undefined;
      for (const variant of variants) {
        if (variant.text.length < 5) continue;
        const max = variant.text.length >= 8 ? 2 : 1;
        const distance = levenshtein(folded, variant.text, max);
        if (distance <= max && (!best || distance < best.distance)) {
          best = { id: variant.provinceId, distance };
        }
      }
      return best ? byId.get(best.id) : undefined;
    },
  };
}

const provinceSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "use lowercase letters, digits and dashes"),
  name: z.string().min(1),
  asciiName: z.string().min(1),
  current: z.boolean(),
  currentId: z.string().min(1),
  formerIds: z.array(z.string()),
  aliases: z.array(z.string()),
  centre: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
});

/**
 * Validates `data/provinces.json`. Throws an Error naming the field path and the problem, and
 * checks that every `currentId`/`formerIds` entry points at a listed province.
 */
export function loadProvincesFromJson(raw: unknown): Province[] {
  const parsed = z.object({ provinces: z.array(provinceSchema).min(1) }).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join(".") || "(top level)"}: ${issue?.message ?? "invalid"}`);
  }
  const provinces = parsed.data.provinces as Province[];
  const ids = new Set(provinces.map((p) => p.id));
  provinces.forEach((province, index) => {
    if (!ids.has(province.currentId)) {
      throw new Error(`provinces.${index}.currentId: "${province.currentId}" is not a listed id`);
    }
    for (const former of province.formerIds) {
      if (!ids.has(former)) {
        throw new Error(`provinces.${index}.formerIds: "${former}" is not a listed id`);
      }
    }
  });
  return provinces;
}
