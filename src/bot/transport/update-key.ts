/** The ordering key of a Telegram update: its chat, as sessions and conversations key it. */
import type { Update } from "grammy/types";

/**
 * `chat:<id>` for anything that happens in a chat (messages, edits, button presses under a
 * message, membership changes), `user:<id>` for what has only a sender (inline queries, inline
 * button presses), and a key of its own for the rest (they need no order).
 */
export function telegramUpdateKey(update: Update): string {
  const chat =
    update.message?.chat ??
    update.edited_message?.chat ??
    update.channel_post?.chat ??
    update.edited_channel_post?.chat ??
    update.business_message?.chat ??
    update.edited_business_message?.chat ??
    update.callback_query?.message?.chat ??
    update.my_chat_member?.chat ??
    update.chat_member?.chat ??
    update.chat_join_request?.chat ??
    update.message_reaction?.chat;
  if (chat) return `chat:${chat.id}`;
  const from =
    update.callback_query?.from ??
    update.inline_query?.from ??
    update.chosen_inline_result?.from ??
    update.shipping_query?.from ??
    update.pre_checkout_query?.from;
  if (from) return `chat:${from.id}`;
  return `update:${update.update_id}`;
}
