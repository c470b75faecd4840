import type { Composer } from "grammy";
import { reply } from "../../presentation/reply.js";
import type { BotContext } from "../context.js";
import { sendReply } from "../telegram-reply.js";
import { LeanComposer } from "../lean-composer.js";

/** Last in the chain: unknown commands, non-text messages, stale buttons. */
export function fallbackFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  const privateChats = feature.chatType("private");
  privateChats.on("message:text", async (ctx) => {
    if (ctx.message.text.startsWith("/")) {
      ctx.log.info({ command: ctx.message.text.split(/\s/)[0] }, "unknown command");
      await sendReply(ctx, reply(ctx.t("errors.unknown_command")));
    }
  });
  privateChats.on("message", (ctx) => sendReply(ctx, reply(ctx.t("answer.non_text"))));
  feature.on("callback_query", async (ctx) => {
    ctx.log.info({ data: ctx.callbackQuery.data }, "unhandled callback query");
    await ctx.answerCallbackQuery({ text: ctx.t("errors.button_expired"), show_alert: true });
  });
  return feature;
}
