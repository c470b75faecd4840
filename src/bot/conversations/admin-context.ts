/**
 * Context for coordinator conversations. Conversations build fresh context objects that do
 * not pass through the bot's middleware, so this plugin puts deps, logger, language and
 * translations on them. It touches no storage, so replays stay deterministic.
 */
import type { Middleware } from "grammy";
import { langFromCode } from "../../presentation/i18n.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";

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
