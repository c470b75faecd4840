/**
 * Tags that turn a date into a question to confirm ("ngày 10/11 hả?", "15/3 phải không",
 * "on the 10th, right?"), folded and abbreviation-expanded like every cue. Matched at the end
 * of the message only: "hả" in the middle of a sentence is something else.
 */
import { compile, type Pattern } from "./match.js";

const CONFIRMATION_TAGS: readonly Pattern[] = [
  "ha",
  "a",
  "phai khong",
  "dung khong",
  "phai ha",
  "dung ha",
  "dung chu",
  "phai chu",
  "right",
  "is it",
  "correct",
].map(compile);

/** True when `tokens` end with a confirmation tag. */
export function endsWithConfirmation(tokens: readonly string[]): boolean {
  return CONFIRMATION_TAGS.some(
    (tag) =>
      tokens.length > tag.length &&
      tag.every((word, i) => tokens[tokens.length - tag.length + i] === word),
  );
}
