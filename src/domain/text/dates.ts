/**
 * Dates as Vietnamese (and English) speakers write them, on folded text:
 * "5/3", "05/03/2029", "5-3", "ngay 5 thang 3", "mung 5", "mar 5", "5th march".
 */

/** A day of a month, with the year when it was written. */
export interface DayMonth {
  day: number;
  /** 1-12; 0 when only the day was written ("mùng 9"): the nearest month with an event wins. */
  month: number;
  year?: number;
}

const MONTHS_EN: Readonly<Record<string, number>> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

/** Vietnamese month words after "thang": "thang muoi mot" = November. */
const MONTHS_VI_WORDS: ReadonlyArray<[string, number]> = [
  ["muoi hai", 12],
  ["muoi mot", 11],
  ["mot", 1],
  ["gieng", 1],
  ["hai", 2],
  ["ba", 3],
  ["tu", 4],
  ["bon", 4],
  ["nam", 5],
  ["sau", 6],
  ["bay", 7],
  ["tam", 8],
  ["chin", 9],
  ["muoi", 10],
  ["chap", 12],
];

function valid(day: number, month: number, year?: number): DayMonth | undefined {
  if (!Number.isInteger(day) || !Number.isInteger(month)) return undefined;
  if (month < 1 || month > 12 || day < 1) return undefined;
  const days = new Date(Date.UTC(year ?? 2024, month, 0)).getUTCDate();
  if (day > days) return undefined;
  return year === undefined ? { day, month } : { day, month, year };
}

function fullYear(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const year = Number(raw);
  return raw.length === 2 ? 2000 + year : year;
}

/** The first date mentioned in folded text, or undefined. */
export function parseDateMention(folded: string): DayMonth | undefined {
  // 5/3, 05/03/2029, 5-3, 5.3.29 (not phone numbers: at most 2 digits for day and month).
  const numeric =
    /(?<![\d.:/-])(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?(?![\d:/-]|\.\d)/.exec(folded);
  if (numeric) {
    const found = valid(Number(numeric[1]), Number(numeric[2]), fullYear(numeric[3]));
    if (found) return found;
  }
  // ngay 5 thang 3 [nam 2029], mung 8 thang 9, 8 thang 9
  const spelled =
    /(?:\b(?:ngay|mung|hom)\s+)?(?<!\d\s)\b(\d{1,2})\s+thang\s+(\d{1,2})\b(?:\s+(?:nam\s+)?(\d{4}))?/.exec(
      folded,
    );
  if (spelled) {
    const found = valid(Number(spelled[1]), Number(spelled[2]), fullYear(spelled[3]));
    if (found) return found;
  }
  const monthWordDay = /\b(?:ngay|mung)\s+(\d{1,2})\s+thang\s+([a-z]+(?:\s[a-z]+)?)/.exec(folded);
  if (monthWordDay) {
    const month = viMonthWord(monthWordDay[2] ?? "");
    if (month) {
      const found = valid(Number(monthWordDay[1]), month);
      if (found) return found;
    }
  }
  // English: mar 5, september 8th 2029, 8th september, 8 sep
  const en1 = /\b([a-z]{3,9})\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:\s+(\d{4}))?/.exec(folded);
  if (en1 && MONTHS_EN[en1[1] ?? ""]) {
    const found = valid(Number(en1[2]), MONTHS_EN[en1[1] ?? ""] ?? 0, fullYear(en1[3]));
    if (found) return found;
  }
  const en2 = /\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\b(?:\s+(\d{4}))?/.exec(folded);
  if (en2 && MONTHS_EN[en2[2] ?? ""]) {
    const found = valid(Number(en2[1]), MONTHS_EN[en2[2] ?? ""] ?? 0, fullYear(en2[3]));
    if (found) return found;
  }
  // ngay 16, mung 9, mung 2 (month unknown: the nearest event month decides)
  const dayOnly = /\b(?:ngay|mung|hom)\s+(\d{1,2})\b(?!\s*(?:gio|h\b|phut|ngay|tinh|nguoi))/.exec(
    folded,
  );
  if (dayOnly) {
    const day = Number(dayOnly[1]);
    if (day >= 1 && day <= 31) return { day, month: 0 };
  }
  const ordinal = /\b(\d{1,2})(?:st|nd|rd|th)\b/.exec(folded);
  if (ordinal) {
    const day = Number(ordinal[1]);
    if (day >= 1 && day <= 31) return { day, month: 0 };
  }
  return undefined;
}

function viMonthWord(words: string): number | undefined {
  for (const [word, month] of MONTHS_VI_WORDS) {
    if (words === word || words.startsWith(`${word} `)) return month;
  }
  return undefined;
}

/** A month mentioned without a day: "thang 9", "t9", "thang chin", "september". */
export function parseMonthMention(folded: string): number | undefined {
  const numeric = /\b(?:thang|t)\s?(\d{1,2})\b(?![/.-]\d)/.exec(folded);
  if (numeric) {
    const month = Number(numeric[1]);
    if (month >= 1 && month <= 12) return month;
  }
  const words = /\bthang\s+([a-z]+(?:\s[a-z]+)?)/.exec(folded);
  if (words) {
    const month = viMonthWord(words[1] ?? "");
    if (month) return month;
  }
  for (const token of folded.split(" ")) {
    if (token.length >= 3 && MONTHS_EN[token] && token !== "may") return MONTHS_EN[token];
  }
  return undefined;
}

/** "hom nay", "ngay mai", "ngay kia" and English equivalents. */
export function parseRelativeDay(
  folded: string,
): "today" | "tomorrow" | "day_after_tomorrow" | undefined {
  if (/\b(hom nay|hnay|bua nay|today|tonight)\b/.test(folded)) return "today";
  if (/\b(ngay kia|ngay mot|day after tomorrow)\b/.test(folded)) return "day_after_tomorrow";
  if (/\b(ngay mai|mai|sang mai|chieu mai|tomorrow)\b/.test(folded)) return "tomorrow";
  return undefined;
}
