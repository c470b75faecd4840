/**
 * Folded matching rules about the conversation rather than the topic: timeframes, follow-up
 * markers and the words that tell English from Vietnamese. Not UI text.
 */
import type { Timeframe } from "./intents.js";

/** Cues setting the timeframe of a list question; checked in this order. */
export const TIMEFRAME_CUES: readonly (readonly [Timeframe, readonly string[]])[] = [
  ["all", ["tat ca", "toan bo", "all", "every", "ca nam"]],
  [
    "past",
    [
      "da qua",
      "da dien ra",
      "truoc day",
      "truoc do",
      "vua roi",
      "vua qua",
      "lan truoc",
      "dot truoc",
      "past",
      "previous",
      "last time",
    ],
  ],
  [
    "upcoming",
    [
      "sap toi",
      "sap dien ra",
      "sap co",
      "tiep theo",
      "dot toi",
      "dot tiep",
      "lan toi",
      "sap",
      "toi day",
      "upcoming",
      "next",
      "coming",
      "soon",
    ],
  ],
];

/** A message opening with one of these continues the previous turn ("còn Đắk Lắk?"). */
export const FOLLOW_UP_LEADS: readonly string[] = [
  "con",
  "the con",
  "vay con",
  "con o",
  "con tinh",
  "con ngay",
  "what about",
  "how about",
  "and",
  "and in",
  "and on",
  "and what about",
  "also",
];

/** Small-talk words that may come before a follow-up lead ("ok cảm ơn, thế còn Quảng Trị?"). */
export const FOLLOW_UP_OPENERS: readonly string[] = [
  "ok",
  "oke",
  "okay",
  "cam",
  "on",
  "vang",
  "da",
  "uh",
  "um",
  "a",
  "ah",
  "thanks",
  "thank",
  "you",
  "alo",
  "roi",
  "hieu",
];

/** Phrases anywhere that mark a follow-up ("... thì sao?"). */
export const FOLLOW_UP_MARKS: readonly string[] = [
  "thi sao",
  "thi the nao",
  "thi nhu the nao",
  "what about",
  "how about",
  "nua khong",
  "nua ko",
];

/** Common English words; a message made mostly of these is English. */
export const ENGLISH_WORDS: ReadonlySet<string> = new Set(
  (
    "a about all also am an and any anything are at be bring but by call can come coming cost " +
    "date day days do does doctor doctors english event events every for free from get gift " +
    "gifts go have hello help here hi hospital how i if in is it its join know let list " +
    "location me medicine much my need next no of on or phone please price province " +
    "provinces remind schedule subscribe unsubscribe privilege customer customers notifications  see services should stop thanks thank that the there this " +
    "time to today tomorrow upcoming want was what when where which who why will with " +
    "yes you your november october december month"
  ).split(" "),
);

/** Common Vietnamese words (folded) that are not English words. */
export const VIETNAMESE_WORDS: ReadonlySet<string> = new Set(
  (
    "khong co gi nao dau ngay thang kham benh thi sao toi minh duoc bao nhieu nhung cac cho " +
    "la cua voi va chuong trinh mien phi tien vay nhe oi chao cam tinh o khi gio mat ai den " +
    "di nay kia mai hom roi chua ban em anh chi nguoi bac si thuoc qua tang so tiet kiem " +
    "lich dia diem diem mung xin vui long giup hoi biet muon can phai dang ky theo doi " +
    "nhac ve tai tro lien he dien thoai con u ak uh nhi nha ah day ne vang da"
  ).split(" "),
);
