/** The check's step message on Telegram: edited in place, its keyboard removed when done. */
import { GrammyError } from "grammy";
import type { Reply } from "../../presentation/reply.js";
import type { BotContext } from "../context.js";
import { keyboardOf } from "../telegram-reply.js";

/** Where the current step's keyboard lives. */
export interface StepMessage {
  chatId: number;
  messageId: number;
}

/**
 * Shows `shown`: edits `step` when given (falling back to a new message if Telegram refuses
 * the edit, e.g. the message is too old), else sends a new message. Returns where it is.
 */
export async function editOrSend(
  ctx: BotContext,
  step: StepMessage | undefined,
  shown: Reply,
): Promise<StepMessage> {
  const keyboard = keyboardOf(shown);
  const options = {
    parse_mode: "HTML" as const,
    link_preview_options: { is_disabled: true },
    ...(keyboard ? { reply_markup: keyboard } : {}),
  };
  if (step) {
    try {
      await ctx.api.editMessageText(step.chatId, step.messageId, shown.html, options);
      return step;
    } catch (error) {
      // Unchanged: an update redelivered after a crash already did this edit. Telegram tells
      // it apart only by its description (always a 400).
      if (error instanceof GrammyError && /not modified/.test(error.description)) return step;
      // Not editable any more (too old, deleted): say it in a new message instead.
    }
  }
  const sent = await ctx.reply(shown.html, options);
  return { chatId: sent.chat.id, messageId: sent.message_id };
}

/** Removes the keyboard of a finished step, so its buttons cannot be pressed again. */
export async function clearKeyboard(
  ctx: BotContext,
  step: StepMessage | undefined,
): Promise<undefined> {
  if (!step) return undefined;
  try {
    await ctx.api.editMessageReplyMarkup(step.chatId, step.messageId);
  } catch {
    // Already gone or never had one: nothing left to press.
  }
  return undefined;
}
