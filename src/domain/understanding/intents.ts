/**
 * What a customer's message is about: the intent and the entities (provinces, dates) it names.
 * Channel-agnostic and free of UI text.
 */
import type { DayMonth } from "../text/dates.js";
import type { TimeWindow } from "../text/time.js";
import type { FaqMatch } from "./faq.js";
import type { FactAsk, ServiceRef } from "./facts.js";

/** What the customer wants. */
export type Intent =
  | "greeting"
  | "thanks"
  | "goodbye"
  | "help"
  /** What is coming / all events / events in a month. */
  | "list_events"
  /** When is it, usually in a province: "nghe an ngay nao sua xe". */
  | "when"
  /** Where is it: on a date ("ngay 8/9 o dau") or the venue in a province. */
  | "where"
  /** Where is the nearest upcoming event to a province: "tôi ở Sơn La, chỗ nào gần nhất?". */
  | "nearest"
  /** What is offered: check-ups, medicine, gifts, savings books. */
  | "services"
  /** Whether it costs anything. */
  | "cost"
  /** Which doctors, from which hospital. */
  | "doctors"
  /** What the programme is. */
  | "about"
  /** Who organises it. */
  | "organiser"
  /** Hotline, phone, how to get in touch. */
  | "contact"
  /** Who may come. */
  | "eligibility"
  /** Remind me / notify me when it comes to my province. */
  | "subscribe"
  | "unsubscribe"
  /** Switch language: "english please", "tiếng việt". */
  | "language"
  | "unknown";

/** Relative days a customer may name instead of a date. */
export type RelativeDay = "today" | "tomorrow" | "day_after_tomorrow";

/** Which part of the calendar a list question is about. */
export type Timeframe = "upcoming" | "past" | "all";

/** How the intent was chosen: cue words, entities alone, the previous turn, or nothing. */
export type IntentSource = "cue" | "entity" | "context" | "none";

/** The understood message. */
export interface Understanding {
  intent: Intent;
  /** Province ids mentioned, in order, as written (former ids kept: "quang-binh", not "quang-tri"). */
  provinceIds: string[];
  /** Ids of the loaded programmes the message names (name, alias, a service only it offers). */
  programmeIds?: string[] | undefined;
  /** A specific day mentioned. */
  date?: DayMonth;
  /** "hôm nay", "ngày mai", "ngày kia". */
  relativeDay?: RelativeDay;
  /** A month mentioned without a day ("tháng 11"). */
  month?: number;
  /** "tuần sau", "cuối tuần", "tháng sau", "đợt tiếp theo", "sau <tỉnh>": a window of time. */
  window?: TimeWindow | undefined;
  /** "sắp tới", "tiếp theo" / "đã qua", "trước" / "tất cả". */
  timeframe?: Timeframe;
  /** Best guess of the language the message is written in. */
  lang: "vi" | "en";
  /** "ngày 10/11 hả?": a date offered for confirmation, about the province talked about before. */
  confirming?: boolean | undefined;
  /** True when the message only makes sense with the previous turn ("còn Đắk Lắk thì sao?"). */
  followUp: boolean;
  /** 0..1, how sure; below 0.5 the bot treats the message as not understood. */
  confidence: number;
  /** How the intent was chosen; absent means "cue". Lets a follow-up borrow the previous intent. */
  intentSource?: IntentSource;
  /** A specific fact asked for ("cần mang gì", "mấy giờ bắt đầu"), answered from the data. */
  asks?: FactAsk | undefined;
  /** The listed services the question names ("có cấp kính không"). */
  services?: ServiceRef[] | undefined;
  /** The FAQ entry the question is taken for, when one is close enough. */
  faq?: FaqMatch | undefined;
}

/** What is kept of a turn so that the next message can be a follow-up. */
export interface DialogueContext {
  intent: Intent;
  provinceIds: string[];
  /** Programmes the turn was about; a follow-up naming none keeps them. */
  programmeIds?: string[] | undefined;
  date?: DayMonth;
}
