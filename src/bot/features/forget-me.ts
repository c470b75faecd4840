/** /forgetme: says exactly what would be deleted, asks once, then deletes. */
import type { Composer } from "grammy";
import { choice, reply } from "../../presentation/reply.js";
import { callbackPattern, decodeCallback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { sendReply } from "../telegram-reply.js";

/** Callback action of the confirmation's two buttons: `fgt:y` deletes, `fgt:n` keeps. */
const FORGET_ACTION = "fgt";

/** Adds /forgetme with a single-use confirmation to `feature`. */
export function addForgetMe(feature: Composer<BotContext>): void {
  feature.chatType("private").command("forgetme", async (ctx) => {
    const subscriptions = (await ctx.deps.delivery.subscriptions.listFor(ctx.userKey)).length;
    const open = Object.values(ctx.conversation.active()).reduce((a, b) => a + b, 0);
    await sendReply(
      ctx,
      reply(
        ctx.t("eligibility.forget_confirm", {
          subscriptions: ctx.t("eligibility.forget_subscriptions", { count: subscriptions }),
          conversations: ctx.t("eligibility.forget_conversations", { count: open }),
        }),
        [
          [
            choice(ctx.t("eligibility.forget_yes"), FORGET_ACTION, "y"),
            choice(ctx.t("eligibility.forget_no"), FORGET_ACTION, "n"),
          ],
        ],
      ),
    );
  });
  feature.callbackQuery(callbackPattern(FORGET_ACTION), async (ctx) => {
    const confirmed = decodeCallback(ctx.callbackQuery.data)?.args[0] === "y";
    await ctx.answerCallbackQuery();
    if (confirmed) {
      await ctx.conversation.exitAll();
      await ctx.deps.eligibility.forget(ctx.userKey);
      await ctx.deps.delivery.subscriptions.unsubscribeAll(ctx.userKey);
      await ctx.deps.users.forget(ctx.userKey);
      ctx.session.dialogue = undefined;
    }
    // Single use: the question becomes the answer, without buttons.
    const text = ctx.t(confirmed ? "eligibility.forgot" : "eligibility.forget_kept");
    try {
      await ctx.editMessageText(text, { parse_mode: "HTML" });
    } catch {
      await sendReply(ctx, reply(text));
    }
  });
}
