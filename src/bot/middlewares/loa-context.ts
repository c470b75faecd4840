import type { Middleware } from "grammy";
import { langFromCode } from "../../presentation/i18n.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";

/**
 * Puts deps, a per-update child logger, the user key and the language on the context, and
 * records the user (which also lifts a "blocked" mark when they come back).
 */
export function loaContext(deps: BotDeps): Middleware<BotContext> {
  return async (ctx, next) => {
    ctx.deps = deps;
    ctx.log = deps.logger.child({ update_id: ctx.update.update_id });
    const from = ctx.from;
    ctx.userKey = from ? `telegram:${from.id}` : "";
    let lang = langFromCode(from?.language_code);
    let chosen = false;
    // A my_chat_member update is the app telling us about the chat, not the user writing.
    if (from && ctx.chat?.type === "private" && !ctx.update.my_chat_member) {
      const profile = await deps.users.seen({
        key: ctx.userKey,
        channel: "telegram",
        chatId: String(ctx.chat.id),
        name: from.first_name,
        now: deps.clock.now(),
      });
      if (profile.langChosen && profile.lang) {
        lang = profile.lang;
        chosen = true;
      }
    }
    ctx.lang = lang;
    ctx.langChosen = chosen;
    ctx.t = deps.i18n.t(lang);
    await next();
  };
}
