import { readFileSync } from "node:fs";
import { join } from "node:path";
import i18next, { type i18n } from "i18next";
import type { Lang } from "../domain/types.js";

import type { Translate } from "./i18n-types.js";

export type { Translate };

/** The languages Loa speaks; the first is the default and the source of truth. */
export const LANGUAGES: readonly Lang[] = ["vi", "en"];

/** Loads `locales/<lang>.json` for every language. */
export function loadLocales(localesDir: string): Record<Lang, Record<string, unknown>> {
  const read = (lang: Lang) =>
    JSON.parse(readFileSync(join(localesDir, `${lang}.json`), "utf8")) as Record<string, unknown>;
  return { vi: read("vi"), en: read("en") };
}

/** Translations for every language, created once at start-up. */
export interface I18n {
  t(lang: Lang): Translate;
  /**
   * The same translations with default interpolation values (e.g. example questions built
   * from the loaded data); values passed to `t` win. `defaults` is called on every `t` call,
   * so it must be cheap (return a cached object).
   */
  withDefaults(defaults: (lang: Lang) => object | undefined): I18n;
}

/**
 * Creates an i18next instance with the given resources. Interpolated values are NOT
 * HTML-escaped by i18next: renderers escape every dynamic value themselves, because
 * i18next's escaping also turns "/" into "&#x2F;", which would mangle dates.
 */
export function createI18n(resources: Record<Lang, Record<string, unknown>>): I18n {
  const instance: i18n = i18next.createInstance();
  void instance.init({
    initAsync: false,
    lng: "vi",
    fallbackLng: "vi",
    supportedLngs: [...LANGUAGES],
    resources: {
      vi: { translation: resources.vi },
      en: { translation: resources.en },
    },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return translations(instance, templates(resources), () => undefined);
}

/** A message split at its `{{name}}` placeholders: text, name, text, name, …, text. */
type Template = string[];

/**
 * Options that change what i18next does beyond looking a string up and filling placeholders
 * (plurals, context, fallbacks): a call with one of them goes to i18next.
 */
const I18NEXT_OPTIONS = new Set([
  "count",
  "context",
  "defaultValue",
  "lng",
  "lngs",
  "fallbackLng",
  "ns",
  "replace",
  "returnObjects",
  "returnDetails",
  "joinArrays",
  "ordinal",
  "postProcess",
  "interpolation",
  "keySeparator",
  "nsSeparator",
]);

/**
 * Plain messages, pre-split, per language (the answer path translates dozens of strings per
 * reply; i18next's general lookup was a tenth of the bot's CPU). Messages that use nesting or
 * formatting are left out and go to i18next.
 */
function templates(
  resources: Record<Lang, Record<string, unknown>>,
): (lang: Lang, key: string, own?: boolean) => Template | undefined {
  const compiled = new Map<string, Template | null>();
  const lookup = (lang: Lang, key: string): unknown => {
    let node: unknown = resources[lang];
    for (const part of key.split(".")) {
      if (typeof node !== "object" || node === null) return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    return node;
  };
  // `own`: only the language's own string (plural forms, where i18next's fallback order is its own).
  return (lang, key, own = false) => {
    const id = `${lang}\u0000${key}\u0000${own}`;
    let template = compiled.get(id);
    if (template === undefined) {
      // i18next falls back to the default language for a key the language lacks.
      const text = lookup(lang, key) ?? (own ? undefined : lookup("vi", key));
      template =
        typeof text === "string" && !text.includes("$t(") && !/\{\{[^}]*[,-]/.test(text)
          ? text.split(/\{\{\s*([^{}]+?)\s*\}\}/)
          : null;
      compiled.set(id, template);
    }
    return template ?? undefined;
  };
}

/**
 * Fills a template as i18next does with `escapeValue: false` and `skipOnVariables`, taking each
 * value from `values`, else from `base` (the defaults), without merging them into a new object.
 */
function fill(
  template: Template,
  values: Record<string, unknown> | undefined,
  base: Record<string, unknown> | undefined,
): string {
  let out = template[0] ?? "";
  for (let i = 1; i < template.length; i += 2) {
    const name = template[i] as string;
    let value: unknown;
    let known = false;
    if (values !== undefined && Object.hasOwn(values, name)) {
      value = values[name];
      known = true;
    } else if (base !== undefined && Object.hasOwn(base, name)) {
      value = base[name];
      known = true;
    }
    if (value !== undefined) out += value === null ? "" : String(value);
    else if (!known) out += `{{${name}}}`;
    out += template[i + 1] ?? "";
  }
  return out;
}

/**
 * Which of i18next's own options `values` holds: none, only a numeric `count` (a plural this
 * module resolves as i18next does: `<key>_<plural form>`), or others (then i18next does the work).
 */
function optionsIn(values: Record<string, unknown> | undefined): "none" | "count" | "other" {
  if (values === undefined) return "none";
  let found: "none" | "count" | "other" = "none";
  for (const name in values) {
    if (!I18NEXT_OPTIONS.has(name)) continue;
    if (name !== "count" || typeof values[name] !== "number") return "other";
    found = "count";
  }
  return found;
}

const pluralRules = new Map<Lang, Intl.PluralRules>();
function pluralForm(lang: Lang, count: number): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(count);
}

function translations(
  instance: i18n,
  plain: (lang: Lang, key: string, own?: boolean) => Template | undefined,
  defaults: (lang: Lang) => object | undefined,
): I18n {
  const cache = new Map<Lang, Translate>();
  return {
    t(lang) {
      let translate = cache.get(lang);
      if (!translate) {
        const fixed = instance.getFixedT(lang);
        translate = (key, values) => {
          const base = defaults(lang) as Record<string, unknown> | undefined;
          const options = optionsIn(values);
          const template =
            options === "none"
              ? plain(lang, key)
              : options === "count"
                ? plain(lang, `${key}_${pluralForm(lang, values?.count as number)}`, true)
                : undefined;
          if (template) return fill(template, values, base);
          return fixed(key, base ? { ...base, ...values } : (values ?? {})) as string;
        };
        cache.set(lang, translate);
      }
      return translate;
    },
    withDefaults: (next) => translations(instance, plain, next),
  };
}

/** Picks the language from a Telegram `language_code`: English for `en*`, else Vietnamese. */
export function langFromCode(code: string | undefined): Lang {
  return code?.toLowerCase().startsWith("en") ? "en" : "vi";
}
