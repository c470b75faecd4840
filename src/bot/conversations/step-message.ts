/**
 * A wizard's step message on Telegram: edited in place when the answer was a press on it, its
 * keyboard removed once the step is done, so only the current step's buttons are ever live.
 * The eligibility check and the coordinators' `/newevent` both go through here.
 */
import { GrammyError, type InlineKeyboard } from "grammy";
import type { Reply } from "../../presentation/reply.js";
import type { BotContext } from "../context.js";
import { keyboardOf } from "../telegram-reply.js";

/** Where the current step's keyboard lives. */
export interface StepMessage {
  chatId: number;
  messageId: number;
}

/**
 * Shows `html` with `keyboard`: edits `step` when given (falling back to a new message if
 * Telegram refuses the edit, e.g. the message is too old), else sends a new message. Returns
 * where it is.
 */
export async function showStep(
  ctx: BotContext,
  step: StepMessage | undefined,
  html: string,
  keyboard: InlineKeyboard | undefined,
): Promise<StepMessage> {
  const options = {
    parse_mode: "HTML" as const,
    link_preview_options: { is_disabled: true },
    ...(keyboard ? { reply_markup: keyboard } : {}),
  };
  if (step) {
    try {
      await ctx.api.editMessageText(step.chatId, step.messageId, html, options);
      return step;
    } catch (error) {
      // Unchanged: an update redelivered after a crash already did this edit. Telegram tells
      // it apart only by its description (always a 400).
      if (error instanceof GrammyError && /not modified/.test(error.description)) return step;
      // Not editable any more (too old, deleted): say it in a new message instead.
    }
  }
  const sent = await ctx.reply(html, options);
  return { chatId: sent.chat.id, messageId: sent.message_id };
}

/** {@link showStep} for a channel-agnostic {@link Reply} (its choices become the keyboard). */
export async function editOrSend(
  ctx: BotContext,
  step: StepMessage | undefined,
  shown: Reply,
): Promise<StepMessage> {
  return showStep(ctx, step, shown.html, keyboardOf(shown));
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

/**
 * The step message of a wizard that asks one question after another, and whether the latest
 * answer was a press on it. Lives inside one conversation run (rebuilt the same on replay).
 */
export interface StepScreen {
  step: StepMessage | undefined;
  /** The latest answer was a press on {@link step}: the next question replaces it. */
  pressed: boolean;
}

/** A screen with no step message yet. */
export function newStepScreen(): StepScreen {
  return { step: undefined, pressed: false };
}

/**
 * Shows the next step on `screen`: in place of the step just answered by a press, or, after a
 * typed answer, as a new message below it, the answered step losing its keyboard.
 */
export async function showOnScreen(
  ctx: BotContext,
  screen: StepScreen,
  html: string,
  keyboard: InlineKeyboard | undefined,
): Promise<void> {
  const onto = screen.pressed ? screen.step : await clearKeyboard(ctx, screen.step);
  screen.step = await showStep(ctx, onto, html, keyboard);
  screen.pressed = false;
}

/** Ends the screen: its last step's keyboard goes away. */
export async function closeScreen(ctx: BotContext, screen: StepScreen): Promise<void> {
  screen.step = await clearKeyboard(ctx, screen.step);
  screen.pressed = false;
}
