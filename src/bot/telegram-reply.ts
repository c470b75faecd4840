import { InlineKeyboard } from "grammy";
import type { Reply } from "../presentation/reply.js";
import { encodeCallback } from "./callback-data.js";
import type { BotContext } from "./context.js";

/** Turns channel-agnostic choices into an inline keyboard. */
export function keyboardOf(reply: Reply): InlineKeyboard | undefined {
  if (reply.choices.length === 0) return undefined;
  return InlineKeyboard.from(
    reply.choices.map((row) =>
      row.map((c) => InlineKeyboard.text(c.label, encodeCallback(c.action, ...c.args))),
    ),
  );
}

/** Sends a {@link Reply} as an HTML message with its keyboard. */
export async function sendReply(ctx: BotContext, reply: Reply): Promise<void> {
  const keyboard = keyboardOf(reply);
  await ctx.reply(reply.html, {
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
    ...(keyboard ? { reply_markup: keyboard } : {}),
  });
}
