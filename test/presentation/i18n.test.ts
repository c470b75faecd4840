/**
 * Loa's translations fill plain messages without i18next's general lookup (speed); every
 * message in both languages must read exactly as i18next renders it, with values given, some
 * missing, null or numeric, and with plurals.
 */
import { join } from "node:path";
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { createI18n, LANGUAGES, loadLocales } from "../../src/presentation/i18n.js";

const resources = loadLocales(join(PROJECT_ROOT, "locales"));

function keysOf(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) =>
    keysOf(value, prefix ? `${prefix}.${key}` : key),
  );
}

async function reference(lang: string) {
  const instance = i18next.createInstance();
  await instance.init({
    lng: lang,
    fallbackLng: "vi",
    resources: { vi: { translation: resources.vi }, en: { translation: resources.en } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance.getFixedT(lang);
}

describe("translations", () => {
  const i18n = createI18n(resources);
  for (const lang of LANGUAGES) {
    it(`render every ${lang} message as i18next does`, async () => {
      const expected = await reference(lang);
      const t = i18n.t(lang);
      const keys = keysOf(resources[lang]).map((key) => key.replace(/_(one|other)$/, ""));
      expect(keys.length).toBeGreaterThan(100);
      const text = JSON.stringify(resources[lang]);
      const names = new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]));
      const values: Record<string, unknown> = {};
      [...names].forEach((name, i) => {
        // Some given, some numeric, some null, some left out.
        if (i % 4 === 0) values[name as string] = `<b>${name}</b> 2/11`;
        else if (i % 4 === 1) values[name as string] = i;
        else if (i % 4 === 2) values[name as string] = null;
      });
      for (const key of new Set(keys)) {
        expect(t(key, values), key).toBe(expected(key, values) as string);
        expect(t(key), key).toBe(expected(key) as string);
        expect(t(key, { ...values, count: 1 }), key).toBe(expected(key, { ...values, count: 1 }));
        expect(t(key, { ...values, count: 5 }), key).toBe(expected(key, { ...values, count: 5 }));
      }
      expect(t("no.such.key")).toBe(expected("no.such.key"));
    });
  }
  it("uses defaults given with withDefaults, values passed to t winning", async () => {
    const expected = await reference("vi");
    const key = keysOf(resources.vi).find((k) => /\{\{/.test(String(k && lookup(k))));
    function lookup(path: string): unknown {
      return path
        .split(".")
        .reduce<unknown>((n, p) => (n as Record<string, unknown>)?.[p], resources.vi);
    }
    expect(key).toBeDefined();
    const name = /\{\{\s*([\w.]+)\s*\}\}/.exec(String(lookup(key as string)))?.[1] as string;
    const t = i18n.withDefaults(() => ({ [name]: "mặc định" })).t("vi");
    expect(t(key as string)).toBe(expected(key as string, { [name]: "mặc định" }));
    expect(t(key as string, { [name]: "của tôi" })).toBe(
      expected(key as string, { [name]: "của tôi" }),
    );
  });
});
