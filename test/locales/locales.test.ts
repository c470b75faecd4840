/**
 * The locale files: vi.json (source of truth) and en.json have the same keys, and every message
 * key `src/` asks for with `t("…")` (or a `t(\`prefix.${…}\`)` family) exists in both.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";

type Tree = { [key: string]: string | Tree };

function load(lang: string): Tree {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, "locales", `${lang}.json`), "utf8")) as Tree;
}

function leaves(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : leaves(value, `${prefix}${key}.`),
  );
}

function lookup(tree: Tree, key: string): string | Tree | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return node;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

const vi = load("vi");
const en = load("en");
const sources = sourceFiles(join(PROJECT_ROOT, "src")).map((path) => ({
  path,
  text: readFileSync(path, "utf8"),
}));

describe("locales", () => {
  it("vi.json and en.json have exactly the same keys", () => {
    expect(leaves(en).sort()).toEqual(leaves(vi).sort());
  });

  it("no message is empty", () => {
    for (const tree of [vi, en]) {
      for (const key of leaves(tree)) expect(String(lookup(tree, key)).trim(), key).not.toBe("");
    }
  });

  it('every t("key") used in src/ exists, and every t(`prefix.<expr>`) names a section', () => {
    const literal = /\bt\(\s*"([a-z_][\w]*(?:\.[\w]+)+)"/g;
    const family = /\bt\(\s*`([a-z_][\w]*(?:\.[\w]+)*)\.\$\{/g;
    const missing: string[] = [];
    let checked = 0;
    for (const { path, text } of sources) {
      for (const [, key = ""] of text.matchAll(literal)) {
        checked++;
        for (const [lang, tree] of [
          ["vi", vi],
          ["en", en],
        ] as const) {
          // i18next plurals: `key` is served by `key_one` / `key_other`.
          const found =
            typeof lookup(tree, key) === "string" ||
            typeof lookup(tree, `${key}_other`) === "string";
          if (!found) missing.push(`${lang}: ${key} (${path})`);
        }
      }
      for (const [, prefix = ""] of text.matchAll(family)) {
        checked++;
        for (const [lang, tree] of [
          ["vi", vi],
          ["en", en],
        ] as const) {
          const node = lookup(tree, prefix);
          if (node === undefined || typeof node === "string")
            missing.push(`${lang}: ${prefix}.* (${path})`);
        }
      }
    }
    expect(missing).toEqual([]);
    // The scan really found the calls (a broken pattern must not pass silently).
    expect(checked).toBeGreaterThan(200);
  });
});
