/**
 * What the bot's example questions are about: the loaded programmes' soonest upcoming event,
 * so welcome, help, greeting and hints suggest a question that has a real answer, whatever
 * programme is loaded. Nothing upcoming → no subjects, and the texts fall back to generic ones.
 */
import { type CatalogueSnapshot, upcomingViews } from "./event-views.js";
import type { IsoDate, LocalizedText } from "./types.js";

/** Subjects for example questions; every field is optional (generic wording when absent). */
export interface ExampleSubjects {
  /** Province of the soonest upcoming event, as the programme names it. */
  provinceId?: string | undefined;
  /** Its date. */
  date?: IsoDate | undefined;
  /** A few services of its programme. */
  services: LocalizedText[];
}

/** How many services the welcome names before "…". */
const SERVICES_NAMED = 2;

/** Picks the subjects from the catalogue as it is today. */
export function exampleSubjects(snapshot: CatalogueSnapshot): ExampleSubjects {
  const next = upcomingViews(snapshot)[0];
  if (!next) return { services: [] };
  return {
    provinceId: next.province.id,
    date: next.event.date,
    services: next.programme.services.slice(0, SERVICES_NAMED),
  };
}
