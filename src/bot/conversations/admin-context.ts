/**
 * Context for coordinator conversations. Conversations build fresh context objects that do
 * not pass through the bot's middleware, so this plugin puts deps, logger, language and
 * translations on them. It touches no storage, so replays stay deterministic.
 * {@link endAdminConversations} ends them when a coordinator is removed.
 */
import type { ConversationData } from "@grammyjs/conversations";
import type { Middleware } from "grammy";
import { langFromCode } from "../../presentation/i18n.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { ANNOUNCE_EDIT } from "./announce-edit.js";
import { BROADCAST_COMPOSE } from "./broadcast-compose.js";
import { EDIT_EVENT } from "./edit-event.js";
import { NEW_EVENT } from "./new-event.js";

/** The plugin for every coordinator conversation. */
export function adminConversationContext(deps: BotDeps): Middleware<BotContext> {
  return async (ctx, next) => {
    ctx.deps = deps;
    ctx.log = deps.logger.child({ update_id: ctx.update.update_id, conversation: true });
    ctx.userKey = ctx.from ? `telegram:${ctx.from.id}` : "";
    ctx.lang = langFromCode(ctx.from?.language_code);
    ctx.langChosen = false;
    ctx.t = deps.i18n.t(ctx.lang);
    await next();
  };
}

/** Ids of every coordinator conversation (what {@link endAdminConversations} ends). */
export const ADMIN_CONVERSATIONS: readonly string[] = [
  NEW_EVENT,
  EDIT_EVENT,
  BROADCAST_COMPOSE,
  ANNOUNCE_EDIT,
];

/**
 * Ends the open coordinator conversations in a user's private chat (chat id = user id), e.g.
 * when their role is removed; a customer conversation open there (eligibility) is kept.
 * Returns how many were ended.
 */
export async function endAdminConversations(deps: BotDeps, userId: number): Promise<number> {
  const key = String(userId);
  const stored = await deps.conversationStorage.read(key);
  if (!stored) return 0;
  const kept: ConversationData = {};
  let ended = 0;
  for (const [id, states] of Object.entries(stored.state)) {
    if (ADMIN_CONVERSATIONS.includes(id)) ended += states.length;
    else kept[id] = states;
  }
  if (ended === 0) return 0;
  if (Object.keys(kept).length === 0) await deps.conversationStorage.delete(key);
  else await deps.conversationStorage.write(key, { ...stored, state: kept });
  return ended;
}
