/**
 * Example questions as interpolation values (`exWhen`, `exWhere`, …) that every translation
 * may use: built from the loaded data (see `domain/examples.ts`), generic when nothing is
 * upcoming. Locales write "ví dụ: <i>{{exWhen}}</i>" instead of naming a province or a date.
 */
import type { ExampleSubjects } from "../domain/examples.js";
import type { Lang } from "../domain/types.js";
import { escapeHtml } from "./html.js";
import type { Translate } from "./i18n-types.js";

/** The values locales can interpolate. */
export interface ExampleValues {
  /** "Lào Cai ngày nào?" */
  exWhen: string;
  /** "ngày 9/3 ở đâu?" */
  exWhere: string;
  /** "tháng 3 có chương trình gì?" */
  exMonth: string;
  /** "Lào Cai có không?" */
  exHas: string;
  /** A province name for command examples ("/theodoi Lào Cai"), or a placeholder. */
  exProvince: string;
  /** " (khám mắt miễn phí, tặng kính…)" after "có chương trình", or "". */
  exServices: string;
}

/** Builds the values in one language; `provinceName` gives the display name of a province id. */
export function exampleValues(
  subjects: ExampleSubjects,
  lang: Lang,
  t: Translate,
  provinceName: (id: string) => string | undefined,
): ExampleValues {
  const province = subjects.provinceId ? provinceName(subjects.provinceId) : undefined;
  const [, month, day] = (subjects.date ?? "").split("-").map(Number);
  const date = day && month ? `${day}/${month}` : undefined;
  const services = subjects.services.map((s) => (lang === "en" ? (s.en ?? s.vi) : s.vi));
  const values: ExampleValues = {
    exWhen: province ? t("examples.when", { province }) : t("examples.when_generic"),
    exWhere: date ? t("examples.where", { date }) : t("examples.where_generic"),
    exMonth: month ? t("examples.month", { month }) : t("examples.month_generic"),
    exHas: province ? t("examples.has", { province }) : t("examples.has_generic"),
    exProvince: province ?? t("examples.province_generic"),
    exServices: services.length > 0 ? t("examples.services", { list: services.join(", ") }) : "",
  };
  // Names and services come from coordinators' data: escaped like every dynamic value.
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, escapeHtml(value)]),
  ) as unknown as ExampleValues;
}
