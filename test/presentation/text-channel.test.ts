import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { createI18n, loadLocales } from "../../src/presentation/i18n.js";
import { withoutButtons } from "../../src/presentation/text-channel.js";

type Tree = { [key: string]: string | Tree };
const leaves = (tree: Tree, prefix = ""): [string, string][] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
  );

describe("hints on channels without buttons", () => {
  const i18n = createI18n(loadLocales(join(PROJECT_ROOT, "locales")));

  it("no `_text` variant of a message says tap", () => {
    for (const lang of ["vi", "en"]) {
      const tree = JSON.parse(
        readFileSync(join(PROJECT_ROOT, "locales", `${lang}.json`), "utf8"),
      ) as Tree;
      const all = new Map(leaves(tree));
      // A variant is `<key>_text` beside `<key>` ("non_text" alone is a message of its own).
      const variants = [...all].filter(
        ([key]) => key.endsWith("_text") && all.has(key.replace(/_text$/, "")),
      );
      expect(variants.map(([key]) => key)).toEqual(
        expect.arrayContaining(["nearest.follow_hint_text", "answer.eligibility_text"]),
      );
      for (const [key, text] of variants) expect(text, key).not.toMatch(/\b(bấm|Bấm|tap|Tap)\b/);
    }
  });

  it("picks the variant where there is one and the plain message elsewhere", () => {
    const t = withoutButtons(i18n.t("vi"));
    expect(t("nearest.follow_hint", { province: "X" })).toContain("Trả lời bằng số");
    expect(i18n.t("vi")("nearest.follow_hint", { province: "X" })).toContain("Bấm");
    expect(t("answer.province_none", { province: "X" })).toBe(
      i18n.t("vi")("answer.province_none", { province: "X" }),
    );
  });
});
