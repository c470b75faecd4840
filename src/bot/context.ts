import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Context, SessionFlavor } from "grammy";
import type { Logger } from "pino";
import type { Lang } from "../domain/types.js";
import type { DialogueContext } from "../domain/understanding/intents.js";
import type { Translate } from "../presentation/i18n-types.js";
import type { BotDeps } from "./deps.js";

/** Per-chat state kept between updates (persisted through the storage adapter). */
export interface SessionData {
  /** The previous question's intent and entities, for follow-ups like "and <another province>?". */
  dialogue?: DialogueContext | undefined;
}

/** What Loa adds to every update's context. */
export interface LoaFlavor {
  /** Everything features need; passed in, never imported as module state. */
  deps: BotDeps;
  /** Child logger carrying the update id. */
  log: Logger;
  /** Channel-qualified user key, e.g. `telegram:123`; empty for updates without a user. */
  userKey: string;
  /** The language to answer in. */
  lang: Lang;
  /** Translate in {@link lang}. */
  t: Translate;
  /** True when the language came from the user's explicit choice (not the client). */
  langChosen: boolean;
}

/** The context type of every handler outside conversations. */
export type BotContext = ConversationFlavor<Context & SessionFlavor<SessionData> & LoaFlavor>;
