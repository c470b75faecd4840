/**
 * Keeps the example values of every language ready for synchronous use by translations. The
 * catalogue is read again when an event changes ({@link ExampleSource.refresh}), when the
 * bot's day changes (noticed within a second), and at most every {@link MAX_AGE_MS} otherwise; a stale read returns the
 * previous values and refreshes in the background (examples are suggestions, not answers).
 */
import type { CatalogueSnapshot } from "../domain/event-views.js";
import { exampleSubjects } from "../domain/examples.js";
import type { Lang } from "../domain/types.js";
import { type ExampleValues, exampleValues } from "./examples.js";
import { LANGUAGES, type I18n } from "./i18n.js";

const MAX_AGE_MS = 30_000;
/** How often the bot's day is compared with the examples' day. */
const DAY_CHECK_MS = 1_000;

/** Example values per language, kept fresh. */
export interface ExampleSource {
  /** The current values (sync; may trigger a background refresh). */
  values(lang: Lang): ExampleValues | undefined;
  /** Reads the catalogue now. */
  refresh(): Promise<void>;
}

/** What {@link createExampleSource} needs. */
export interface ExampleSourceDeps {
  snapshot(): Promise<CatalogueSnapshot>;
  /** Translations without defaults (the templates of the examples themselves). */
  i18n: I18n;
  provinceName(id: string, lang: Lang): string | undefined;
  /** The bot's "today" (Vietnam date), to notice a day change. */
  today(): string;
  onError(error: unknown): void;
}

/** Creates the source; call {@link ExampleSource.refresh} once before use. */
export function createExampleSource(deps: ExampleSourceDeps): ExampleSource {
  let cached: { at: number; today: string; byLang: Map<Lang, ExampleValues> } | undefined;
  let running: Promise<void> | undefined;
  // values() runs for every translated message: the bot's day is looked at once a second.
  let dayCheckedAt = 0;
  const dayChanged = (now: number): boolean => {
    if (now - dayCheckedAt < DAY_CHECK_MS) return false;
    dayCheckedAt = now;
    return cached?.today !== deps.today();
  };
  const refresh = (): Promise<void> => {
    running ??= (async () => {
      try {
        const snapshot = await deps.snapshot();
        const subjects = exampleSubjects(snapshot);
        const byLang = new Map<Lang, ExampleValues>();
        for (const lang of LANGUAGES) {
          byLang.set(
            lang,
            exampleValues(subjects, lang, deps.i18n.t(lang), (id) => deps.provinceName(id, lang)),
          );
        }
        cached = { at: Date.now(), today: snapshot.today, byLang };
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  return {
    values(lang) {
      const now = Date.now();
      if (!cached || now - cached.at > MAX_AGE_MS || dayChanged(now)) {
        refresh().catch(deps.onError);
      }
      return cached?.byLang.get(lang);
    },
    refresh,
  };
}
