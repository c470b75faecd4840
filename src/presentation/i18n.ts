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
  withDefaults(defaults: (lang: Lang) => Record<string, unknown>): I18n;
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
  return translations(instance, () => undefined);
}

function translations(
  instance: i18n,
  defaults: (lang: Lang) => Record<string, unknown> | undefined,
): I18n {
  const cache = new Map<Lang, Translate>();
  return {
    t(lang) {
      let translate = cache.get(lang);
      if (!translate) {
        const fixed = instance.getFixedT(lang);
        translate = (key, values) => {
          const base = defaults(lang);
          return fixed(key, base ? { ...base, ...values } : (values ?? {})) as string;
        };
        cache.set(lang, translate);
      }
      return translate;
    },
    withDefaults: (next) => translations(instance, next),
  };
}

/** Picks the language from a Telegram `language_code`: English for `en*`, else Vietnamese. */
export function langFromCode(code: string | undefined): Lang {
  return code?.toLowerCase().startsWith("en") ? "en" : "vi";
}
