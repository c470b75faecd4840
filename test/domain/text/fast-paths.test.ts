/**
 * The shortcuts of the text rules (plain text in fold, tokens without Telex leftovers, the
 * reused rows of levenshtein, the cue index) give exactly what the full rules give: checked
 * against the rules written out plainly, over many generated strings.
 */
import { describe, expect, it } from "vitest";
import { compileCues, hasPattern, scoreCues } from "../../../src/domain/understanding/match.js";
import { fold, levenshtein, stripTelexTone } from "../../../src/domain/text/normalize.js";

function foldFully(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/(\d)\s*([/.-])\s*(?=\d)/g, "$1$2")
    .replace(/[^a-z0-9/.-]+/g, " ")
    .replace(/(^|\s)[/.-]+|[/.-]+(?=\s|$)/g, " ")
    .replace(/(\D)[/.-]+|[/.-]+(?=\D)/g, "$1 ")
    .replace(/\s+/g, " ")
    .trim();
}

function stripFully(token: string): string {
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

function distanceFully(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return (alphabet: string, maxLength: number) =>
    Array.from(
      { length: Math.floor(next() * (maxLength + 1)) },
      () => alphabet[Math.floor(next() * alphabet.length)],
    ).join("");
}

describe("the text rules' shortcuts", () => {
  const random = generator(20291108);

  it("fold: plain and mixed text fold as the full rules fold them", () => {
    const cases = ["Ha Giang  ngay nao ", "  ", "", "AN GIANG 2 11", "ha-giang 2 / 11"];
    for (let i = 0; i < 3000; i++) cases.push(random("abcAZ09 ", 16));
    for (let i = 0; i < 2000; i++) cases.push(random("aAđẫ/.- 19?!", 14));
    for (const text of cases) expect(fold(text), JSON.stringify(text)).toBe(foldFully(text));
  });

  it("stripTelexTone: tokens with and without Telex leftovers", () => {
    const cases = ["haf", "ddieenj", "chaau", "ha2", "giang", "sinh", "nuwowcs", "ab"];
    for (let i = 0; i < 5000; i++) cases.push(random("adeouwfsrxjngh2", 8));
    for (const token of cases) expect(stripTelexTone(token), token).toBe(stripFully(token));
  });

  it("levenshtein: the distance, or more than max once it must exceed max", () => {
    for (let i = 0; i < 3000; i++) {
      const a = random("abcd", 9);
      const b = i % 50 === 0 ? random("abcd", 40) : random("abcd", 9);
      const full = distanceFully(a, b);
      expect(levenshtein(a, b), `${a}/${b}`).toBe(full);
      const capped = levenshtein(a, b, 2);
      if (full <= 2) expect(capped, `${a}/${b} max 2`).toBe(full);
      else expect(capped, `${a}/${b} max 2`).toBeGreaterThan(2);
    }
  });

  it("scoreCues: the sum over the whole cue list, gaps and repeats included", () => {
    const words = ["ngay", "nao", "o", "dau", "kham", "gi", "bao", "nhieu"];
    const cues: [string, number][] = [];
    for (let i = 0; i < 60; i++) {
      const length = 1 + (i % 3);
      const pattern = Array.from({ length }, (_, k) =>
        k > 0 && (i + k) % 7 === 0 ? "*" : (words[(i * 5 + k * 3) % words.length] as string),
      );
      if (i % 11 === 0) pattern.unshift("*");
      cues.push([pattern.join(" "), [0.5, 1, 1.2, 2.5][i % 4] as number]);
    }
    const compiled = compileCues(cues);
    for (let i = 0; i < 500; i++) {
      const tokens = random("01234567", 6)
        .split("")
        .map((d) => words[Number(d)] as string);
      let whole = 0;
      for (const [pattern, weight] of compiled.cues)
        if (hasPattern(tokens, pattern)) whole += weight;
      expect(scoreCues(tokens, compiled), tokens.join(" ")).toBe(whole);
    }
  });
});
