/**
 * Folding Vietnamese text for matching: people type with or without diacritics, in NFC or NFD,
 * with teencode and Telex leftovers. Everything here is a matching rule, never UI text.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
/** Text {@link fold} only lowercases and trims. */
const PLAIN = /^[A-Za-z0-9 ]*$/;

/**
 * NFC/NFD → lowercase, no diacritics, `đ` → `d`, punctuation and emoji → spaces, whitespace
 * collapsed. Keeps `/`, `-` and `.` between digits so dates such as 5/3 or 05-03-2029 survive.
 */
export function fold(text: string): string {
  // Plain letters, digits and single spaces (most messages typed without diacritics, and every
  // text folded already): only the case and the spacing can change.
  if (PLAIN.test(text)) {
    const lower = text.toLowerCase();
    return lower.includes("  ") ? lower.replace(/ +/g, " ").trim() : lower.trim();
  }
  return text
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/(\d)\s*([/.-])\s*(?=\d)/g, "$1$2")
    .replace(/[^a-z0-9/.-]+/g, " ")
    .replace(/(^|\s)[/.-]+|[/.-]+(?=\s|$)/g, " ")
    .replace(/(\D)[/.-]+|[/.-]+(?=\D)/g, "$1 ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whole-token teencode and abbreviations, in folded form. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  ko: "khong",
  k: "khong",
  kh: "khong",
  kg: "khong",
  hok: "khong",
  hong: "khong",
  hem: "khong",
  khg: "khong",
  dc: "duoc",
  dk: "duoc",
  dcc: "duoc",
  bn: "bao nhieu",
  bnh: "bao nhieu",
  ntn: "nhu the nao",
  j: "gi",
  z: "vay",
  mk: "minh",
  mik: "minh",
  mh: "minh",
  lm: "lam",
  ns: "noi",
  vs: "voi",
  bs: "bac si",
  ng: "nguoi",
  sdt: "so dien thoai",
  ae: "anh em",
  r: "roi",
  tks: "thanks",
  thks: "thanks",
  thx: "thanks",
  pls: "please",
  plz: "please",
  bh: "bao gio",
  bjo: "bao gio",
  bgio: "bao gio",
  h: "gio",
  nhiu: "nhieu",
  wa: "qua",
  dau: "dau",
};

/** Expands teencode token by token ("ko dc" → "khong duoc"). Input and output are folded. */
export function expandAbbreviations(folded: string): string {
  if (folded.length === 0) return folded;
  return folded
    .split(" ")
    .map((token) => ABBREVIATIONS[token] ?? token)
    .join(" ");
}

/** A question prepared for matching. */
export interface NormalizedQuestion {
  original: string;
  folded: string;
  /** Folded with teencode expanded. */
  expanded: string;
  tokens: string[];
}

/** Folds and expands a question. */
export function normalizeQuestion(text: string): NormalizedQuestion {
  const folded = fold(text);
  const expanded = expandAbbreviations(folded);
  return { original: text, folded, expanded, tokens: expanded ? expanded.split(" ") : [] };
}

/** The rows {@link levenshtein} works in, grown as needed (it runs for many names per message). */
let rows = new Int32Array(96);

/**
 * Edit distance between `a` and `b` (insertions, deletions, substitutions and swaps of two
 * neighbouring letters, which is how thumbs mistype: "bein" for "bien"), giving up (returning `max + 1`) as soon as it must exceed
 * `max`, so fuzzy matching over many names stays cheap.
 */
export function levenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (rows.length < width * 3) rows = new Int32Array(width * 6);
  // Three rows in one reused buffer: the one before the previous (for swaps), previous, current.
  let beforePrevious = 0;
  let previous = width;
  let current = width * 2;
  for (let j = 0; j < width; j++) rows[previous + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[current] = i;
    let rowMin = i;
    const letter = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = letter === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(
        (rows[previous + j] as number) + 1,
        (rows[current + j - 1] as number) + 1,
        (rows[previous + j - 1] as number) + cost,
      );
      if (
        i > 1 &&
        j > 1 &&
        letter === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        value = Math.min(value, (rows[beforePrevious + j - 2] as number) + 1);
      }
      rows[current + j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const freed = beforePrevious;
    beforePrevious = previous;
    previous = current;
    current = freed;
  }
  return rows[previous + b.length] as number;
}

/** What any rule of {@link stripTelexTone} needs (most tokens have none of it). */
const TELEX_LEFTOVER = /[0-9fsrxj]$|dd|aa|ee|oo|[aou]w/;

/**
 * Undoes Telex/VNI typing leftovers in one token, for fuzzy place matching only:
 * "haf" → "ha", "ddieenj" → "dien", "chaau" → "chau", "ha2" → "ha".
 */
export function stripTelexTone(token: string): string {
  if (!TELEX_LEFTOVER.test(token)) return token;
  let out = token.replace(/[0-9]$/, "");
  if (out.length > 2 && /[aeiouy][a-z]*[fsrxj]$/.test(out) && !/(ng|nh|ch)$/.test(out)) {
    out = out.slice(0, -1);
  }
  return out
    .replace(/dd/g, "d")
    .replace(/aa/g, "a")
    .replace(/ee/g, "e")
    .replace(/oo/g, "o")
    .replace(/(a|o|u)w/g, "$1");
}
