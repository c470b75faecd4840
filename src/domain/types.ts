/**
 * Core domain types. Channel-agnostic: nothing here knows about Telegram, Zalo,
 * i18next or lowdb.
 */

/** A language the bot speaks. Vietnamese is the source of truth. */
export type Lang = "vi" | "en";

/** Text written by coordinators: Vietnamese always, English when provided. */
export interface LocalizedText {
  vi: string;
  en?: string | undefined;
}

/** A calendar date without time zone, as written in data: `YYYY-MM-DD`. */
export type IsoDate = string;

/** Time of day in Asia/Ho_Chi_Minh, `HH:MM`. */
export type LocalTime = string;

/** A programme (a tour, a campaign): what is offered, to whom, by whom. */
export interface Programme {
  id: string;
  name: LocalizedText;
  /** Other words people use for the programme: short names, what it is known for. */
  aliases?: string[] | undefined;
  organiser: LocalizedText;
  description: LocalizedText;
  /** Services offered at every event, e.g. free check-ups, free medicine. */
  services: LocalizedText[];
  /** What it costs the customer. */
  cost: LocalizedText;
  /** Who may come. */
  audience: LocalizedText;
  /**
   * Who examines / treats. Older data only: newer data writes `facts.doctors`; read both with
   * `factsOf` (`programme-facts.ts`).
   */
  doctors?: LocalizedText | undefined;
  /**
   * A programme-specific note of older data (a seed's `privilege` field); read as an
   * FAQ entry by `faqOf` (`programme-facts.ts`). Newer data writes an FAQ entry instead.
   */
  privilege?: LocalizedText | undefined;
  /** Structured facts beyond services, cost and audience, where the programme states them. */
  facts?: ProgrammeFacts | undefined;
  /** How to reach the organiser. */
  contact?: LocalizedText | undefined;
  /** Where the information comes from. */
  source?: string | undefined;
  /** Questions coordinators answered once, so Loa answers them from then on. */
  faq?: FaqEntry[];
}

/** Structured facts a programme may state; each is optional, none is invented when absent. */
export interface ProgrammeFacts {
  /** What to bring on the day: papers, cards, things. */
  bring?: LocalizedText | undefined;
  /** Age or other limits (health, weight, one person per household…). */
  limits?: LocalizedText | undefined;
  /** When the day starts, in words ("from 7 am"); an event's own `startTime` comes first. */
  startTime?: LocalizedText | undefined;
  /** Who examines, treats or advises. */
  doctors?: LocalizedText | undefined;
}

/** One question (in its wordings) and its answer, taught by a coordinator. */
export interface FaqEntry {
  id: string;
  questions: string[];
  answer: LocalizedText;
  addedBy?: number | undefined;
  addedAt?: string | undefined;
}

/** Lifecycle of an event as coordinators set it. */
export type EventStatus = "scheduled" | "moved" | "cancelled";

/** A map point. */
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** One stop of a programme in one province on one day. */
export interface CommunityEvent {
  /** Short id coordinators can type (province initials + year). */
  id: string;
  programmeId: string;
  /** Gazetteer id of the province as the programme names it (may be a former province). */
  provinceId: string;
  date: IsoDate;
  startTime?: LocalTime | undefined;
  endTime?: LocalTime | undefined;
  venueName?: string | undefined;
  address?: string | undefined;
  location?: GeoPoint | undefined;
  status: EventStatus;
  notes?: LocalizedText | undefined;
  /** Incremented on every change; used for optimistic concurrency. */
  version: number;
  /** ISO instant of the last change. */
  updatedAt: string;
}

/** A province-level unit, current (34 since 1 July 2025) or former (63 before). */
export interface Province {
  /** Slug of the unaccented name, e.g. `nghe-an`. */
  id: string;
  /** Official name with diacritics, e.g. `Nghệ An`. */
  name: string;
  /** English-friendly name without diacritics, e.g. `Nghe An`. */
  asciiName: string;
  /** True for the 34 units in force since 1 July 2025. */
  current: boolean;
  /** For a former unit: the id of the current unit it belongs to (itself if unchanged). */
  currentId: string;
  /** For a current unit: ids of the former units merged into it (including itself if it existed). */
  formerIds: string[];
  /** Other ways people write it: abbreviations and colloquial names, e.g. `hcm`, `sai gon`. */
  aliases: string[];
  /** Administrative centre, when useful for "nearest" answers. */
  centre?: GeoPoint | undefined;
}
