/**
 * `my_chat_member` in a private chat: the user blocked the bot (`kicked`) — mark them blocked so
 * broadcasts and reminders skip them and `/stats` counts them — or unblocked it (the mark is
 * lifted; so is it whenever they write again, see loa-context).
 */
import type { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { LeanComposer } from "../lean-composer.js";

/** Keeps the "blocked" mark in step with the user's app. */
export function reachabilityFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature.on("my_chat_member", async (ctx) => {
    const update = ctx.myChatMember;
    if (update.chat.type !== "private") return;
    const key = `telegram:${update.from.id}`;
    const now = ctx.deps.clock.now();
    const status = update.new_chat_member.status;
    if (status === "kicked") {
      await ctx.deps.users.markBlocked(key, now);
      ctx.log.info({ from: update.from.id }, "user blocked the bot");
    } else if (status === "member") {
      await ctx.deps.users.seen({
        key,
        channel: "telegram",
        chatId: String(update.chat.id),
        name: update.from.first_name,
        now,
      });
    }
  });
  return feature;
}
