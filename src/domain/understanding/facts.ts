/**
 * Which specific fact a question asks for ("cần mang gì", "mấy giờ bắt đầu", "bao nhiêu tuổi",
 * "có bao nhiêu bác sĩ", "có chỗ gửi xe không"), and which of a programme's listed services it
 * names ("có cấp kính không"). Matching rules in folded form, not UI text; the services come from
 * data. Pure.
 */
import { fold } from "../text/normalize.js";
import type { Programme } from "../types.js";
import { isFunctionWord } from "./faq.js";
import { compile, hasPattern, type Pattern } from "./match.js";

/**
 * A fact asked for: what to bring, the age limit, whether a group of people (children, the
 * elderly, pregnant women) may come, the start or end time, whether to register beforehand, how
 * many doctors, parking.
 */
export type FactAsk =
  | "bring"
  | "age"
  | "group"
  | "start_time"
  | "end_time"
  | "registration"
  | "doctor_count"
  | "parking";

/** Cue patterns per fact, strongest first within a fact; the first fact found wins. */
const FACT_CUES: readonly (readonly [FactAsk, readonly string[]])[] = [
  [
    "doctor_count",
    [
      "bao nhieu bac si",
      "may bac si",
      "so bac si",
      "so luong bac si",
      "bao nhieu nguoi kham",
      "how many doctors",
      "number of doctors",
    ],
  ],
  ["parking", ["gui xe", "bai xe", "do xe", "de xe", "cho dau xe", "parking", "park", "car park"]],
  [
    "registration",
    [
      "dang ky truoc",
      "can dang ky",
      "phai dang ky",
      "dang ky o dau",
      "dang ky the nao",
      "dang ky nhu the nao",
      "lam sao dang ky",
      "cach dang ky",
      "dat lich",
      "dat lich truoc",
      "hen truoc",
      "lay so truoc",
      "register",
      "registration",
      "sign up",
      "book in advance",
    ],
  ],
  [
    "end_time",
    [
      "ket thuc",
      "den may gio",
      "may gio xong",
      "may gio nghi",
      // Not "bao lâu" alone: "còn bao lâu nữa" asks how many days are left.
      "mat bao lau",
      "kham bao lau",
      "co lau khong",
      "what time does it end",
      "what time does it finish",
      "end time",
      "how long does it take",
      "until when",
      "until what time",
    ],
  ],
  [
    "bring",
    [
      "chuan bi gi",
      "chuan bi nhung gi",
      "can chuan bi",
      "phai chuan bi",
      "dem theo",
      "dem gi",
      "dem * gi",
      "what to prepare",
      "what do i need to take",
      "the bao hiem",
      "bao hiem y te",
      "bhyt",
      "ho khau",
      "giay chung nhan",
      "mang gi",
      "mang theo",
      "can mang",
      "phai mang",
      "mang * gi",
      "giay to",
      "giay to gi",
      "cmnd",
      "cccd",
      "can cuoc",
      "chung minh",
      "ho so",
      "bring",
      "documents",
      "document",
      "papers",
      "id card",
    ],
  ],
  [
    "start_time",
    [
      "may gio",
      "gio nao",
      "luc may gio",
      "gio bat dau",
      "bat dau luc",
      "co mat luc",
      "sang hay chieu",
      "buoi sang hay buoi chieu",
      "morning or afternoon",
      "what time",
      "start time",
      "what hour",
      "opening time",
      "open at",
    ],
  ],
  [
    "age",
    [
      "bao nhieu tuoi",
      "may tuoi",
      "do tuoi",
      "gioi han tuoi",
      "tuoi nao",
      "tu bao nhieu tuoi",
      "how old",
      "age limit",
      "what age",
      "minimum age",
    ],
  ],
  [
    "group",
    [
      "tre em",
      "tre con",
      "tre nho",
      "con nit",
      "em be",
      "chau be",
      "con toi",
      "con minh",
      "nguoi gia",
      "cao tuoi",
      "ong ba",
      "ba bau",
      "mang thai",
      "co thai",
      "can nang",
      "huyet ap",
      "khuyet tat",
      "tinh khac",
      "ngoai tinh",
      "children",
      "child",
      "kids",
      "kid",
      "baby",
      "elderly",
      "old people",
      "pregnant",
      "weight",
      "disabled",
      "another province",
    ],
  ],
];

const COMPILED = FACT_CUES.map(([fact, cues]) => [fact, cues.map(compile)] as const);

/** The fact `tokens` (folded, abbreviations expanded) ask for, if any. */
export function askedFact(tokens: readonly string[]): FactAsk | undefined {
  for (const [fact, patterns] of COMPILED) {
    if (patterns.some((pattern) => hasPattern(tokens, pattern))) return fact;
  }
  return undefined;
}

/** Words of service lines that name no particular service: verbs, "free", function words. */
const PLAIN = new Set([
  "mien",
  "phi",
  "cho",
  "va",
  "cac",
  "nguoi",
  "dan",
  "tai",
  "co",
  "kham",
  "benh",
  "tang",
  "phat",
  "cap",
  "tu",
  "van",
  "huong",
  "dan",
  "ky",
  "thuat",
  "the",
  "and",
  "for",
  "of",
  "free",
  "to",
  "a",
  "an",
  "in",
  "with",
  "your",
  "khach",
  "hang",
]);

function clean(text: string): string[] {
  return fold(text)
    .replace(/[^a-z0-9\s]/g, " ")
    .split(/\s+/)
    .filter((token) => token.length > 0);
}

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
function serviceWords(programmes: readonly Programme[]): ServiceWords[] {
  const key = JSON.stringify(programmes.map((p) => [p.id, p.services]));
  const cached = cache.get(key);
  if (cached) return cached;
  const out: ServiceWords[] = [];
  for (const programme of programmes) {
    const lines = programme.services.map((service) =>
      [service.vi, service.en ?? ""].map(clean).filter((tokens) => tokens.length > 0),
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
