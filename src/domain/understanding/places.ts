/**
 * Province mentions for understanding: the gazetteer's findings, made safer for questions.
 * Domain words are never place names ("cộng đồng năm nay" is not Đồng Nai), and a typo-tolerant
 * match never swallows the next word when an exact name is already there ("Nghệ An khi nào"
 * is Nghệ An + "khi nào", not a typo of a longer name).
 */
import type { Gazetteer, ProvinceMention } from "../gazetteer.js";
import { NOT_PLACES } from "./cues.js";

/** Token standing for a province name once it has been recognised. */
export const PROVINCE_TOKEN = "xprovincex";

const NOT_PLACE_PATTERNS = NOT_PLACES.map(
  (phrase) => new RegExp(`(?<![a-z0-9])${phrase.replace(/ /g, "\\s")}(?![a-z0-9])`, "g"),
);

/** Blanks phrases that are never places, keeping every other character where it was. */
function blankNotPlaces(folded: string): string {
  let text = folded;
  for (const pattern of NOT_PLACE_PATTERNS) {
    text = text.replace(pattern, (found) => " ".repeat(found.length));
  }
  return text;
}

/**
 * Shortens a fuzzy match to the fewest words that still name the same province on their own,
 * so that the word after a name stays a word of the question.
 */
function trimFuzzy(mention: ProvinceMention, text: string, gazetteer: Gazetteer): ProvinceMention {
  if (mention.exact) return mention;
  const words = text.slice(mention.start, mention.end).split(" ");
  for (let keep = 1; keep < words.length; keep++) {
    const shorter = words.slice(0, keep).join(" ");
    const found = gazetteer.findInText(shorter);
    const only = found.length === 1 ? found[0] : undefined;
    if (only && only.provinceId === mention.provinceId && only.start === 0) {
      if (only.end === shorter.length) {
        return { ...only, start: mention.start, end: mention.start + shorter.length };
      }
    }
  }
  return mention;
}

/** Provinces found in folded text, in order. */
export interface Places {
  /** Ids in the order first written, each once; former ids stay former. */
  ids: string[];
  /** The folded text with each name replaced by {@link PROVINCE_TOKEN}. */
  text: string;
}

/** Finds the provinces in `folded` and masks them so their words never count as cues. */
export function extractPlaces(folded: string, gazetteer: Gazetteer): Places {
  const searched = blankNotPlaces(folded);
  const mentions = gazetteer
    .findInText(searched)
    .map((mention) => trimFuzzy(mention, searched, gazetteer))
    .sort((a, b) => a.start - b.start);
  const ids: string[] = [];
  let text = "";
  let at = 0;
  for (const mention of mentions) {
    if (mention.start < at) continue;
    text += `${folded.slice(at, mention.start)} ${PROVINCE_TOKEN} `;
    at = mention.end;
    if (!ids.includes(mention.provinceId)) ids.push(mention.provinceId);
  }
  return { ids, text: text + folded.slice(at) };
}
