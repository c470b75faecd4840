/**
 * Asks a user who sends messages very fast to slow down, and drops their free text for the rest
 * of the minute. Nothing important is dropped: commands, button presses and answers to an open
 * conversation (eligibility check, coordinator wizards) always go through.
 */
import type { MiddlewareFn } from "grammy";
import { createFloodGuard, type FloodLimits } from "../../domain/flood-guard.js";
import type { BotContext } from "../context.js";

/** The middleware; install after the conversations plugin (it asks which are open). */
export function floodGuard(limits?: FloodLimits): MiddlewareFn<BotContext> {
  const guard = createFloodGuard(limits);
  return async (ctx, next) => {
    const message = ctx.message;
    const text = message?.text ?? message?.caption;
    // Private chats only: in a group people talk among themselves, and Loa ignores what is
    // not addressed to it anyway (a chatty member must not get "slow down" from Loa there).
    if (!message || !ctx.from || ctx.chat?.type !== "private" || text?.startsWith("/")) {
      return next();
    }
    if (Object.keys(ctx.conversation.active()).length > 0) return next();
    const verdict = guard.check(ctx.userKey, ctx.deps.clock.now());
    if (verdict === "pass") return next();
    ctx.log.info({ from: ctx.from.id, verdict }, "flood guard");
    if (verdict === "warn") await ctx.reply(ctx.t("flood.slow_down"));
  };
}
