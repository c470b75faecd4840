/**
 * Which specific fact a question asks for ("cần mang gì", "mấy giờ bắt đầu", "bao nhiêu tuổi",
 * "có bao nhiêu bác sĩ", "có chỗ gửi xe không"). Matching rules in folded form (see `cues.ts`),
 * not UI text. Pure.
 */
import { compile, hasPattern } from "./match.js";

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
