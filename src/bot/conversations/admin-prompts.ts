/**
 * One question to the coordinator inside a conversation: text, a button, a map pin or "skip".
 * `/cancel` ends the conversation; any other command leaves it and runs normally.
 */
import { AdminCallbacks } from "../admin-callback-data.js";
import type { Conversation } from "@grammyjs/conversations";
import { InlineKeyboard } from "grammy";
import type { BotContext } from "../context.js";
import { commandOf } from "../filters/is-admin.js";
import { adminButton, sendHtml } from "../features/admin-ui.js";
import { closeScreen, type StepScreen, showOnScreen } from "./step-message.js";

/** The conversation type of coordinator wizards. */
export type AdminConversation = Conversation<BotContext, BotContext>;

/** What the coordinator answered. */
export type PromptAnswer =
  | { kind: "text"; text: string; ctx: BotContext }
  | { kind: "choice"; value: string; ctx: BotContext }
  | { kind: "skip"; ctx: BotContext }
  | { kind: "back"; ctx: BotContext }
  | { kind: "location"; latitude: number; longitude: number; ctx: BotContext }
  | { kind: "photo"; fileId: string; caption: string; ctx: BotContext }
  | { kind: "document"; fileId: string; ctx: BotContext };

/** Options of {@link prompt}. */
export interface PromptOptions {
  /** Rows of [label, value] buttons. */
  choices?: Array<Array<[string, string]>>;
  /** Offer a "skip" button. */
  skip?: boolean;
  /** Offer a "back" button (the wizard goes one step back). */
  back?: boolean;
  /**
   * The wizard's step message: the question edits it in place after a press on it, and a
   * finished step loses its keyboard. Without it, every question is a new message.
   */
  screen?: StepScreen;
  accept?: { location?: boolean; photo?: boolean; document?: boolean; text?: boolean };
}

const SKIP = "_skip";
const BACK = "_back";

/** Asks `html` and waits for a usable answer. */
export async function prompt(
  conversation: AdminConversation,
  ctx: BotContext,
  html: string,
  options: PromptOptions = {},
): Promise<PromptAnswer> {
  const rows = (options.choices ?? []).map((row) =>
    row.map(([label, value]) => adminButton(label, AdminCallbacks.choice.encode({ value }))),
  );
  if (options.skip)
    rows.push([
      adminButton(ctx.t("admin.button.skip"), AdminCallbacks.choice.encode({ value: SKIP })),
    ]);
  if (options.back)
    rows.push([
      adminButton(ctx.t("admin.button.back"), AdminCallbacks.choice.encode({ value: BACK })),
    ]);
  const keyboard = rows.length > 0 ? InlineKeyboard.from(rows) : undefined;
  const screen = options.screen;
  if (screen) await showOnScreen(ctx, screen, html, keyboard);
  else await sendHtml(ctx, html, keyboard);
  const accept = { text: true, ...options.accept };
  /** Leaving the wizard: the open step's buttons must not stay pressable. */
  const leave = async () => {
    if (screen) await closeScreen(ctx, screen);
  };
  for (;;) {
    const next = await conversation.wait();
    // Every step re-checks the role: a coordinator removed mid-wizard gets no further.
    const userId = next.from?.id;
    const allowed = await conversation.external(
      async () => userId !== undefined && (await ctx.deps.admin.roles.isCoordinator(userId)),
    );
    if (!allowed) {
      if (next.callbackQuery) await next.answerCallbackQuery().catch(() => undefined);
      await leave();
      await sendHtml(next, next.t("admin.conv.revoked"));
      await conversation.halt();
    }
    const data = next.callbackQuery?.data;
    if (data !== undefined) {
      const decoded = AdminCallbacks.choice.decode(data);
      if (decoded) {
        const onStep = next.callbackQuery?.message?.message_id === screen?.step?.messageId;
        if (screen && !onStep) {
          // A button of an earlier step (its keyboard not yet gone): only the open step counts.
          await next.answerCallbackQuery({ text: next.t("admin.conv.stale_step") });
          continue;
        }
        await next.answerCallbackQuery();
        if (screen) screen.pressed = true;
        const value = decoded.value;
        if (value === SKIP) return { kind: "skip", ctx: next };
        if (value === BACK) return { kind: "back", ctx: next };
        return { kind: "choice", value, ctx: next };
      }
      // A button from elsewhere (an older preview, a customer menu): let it run normally.
      await conversation.skip({ next: true });
    }
    const message = next.message;
    const command = commandOf(message?.text);
    if (command === "cancel") {
      await leave();
      await sendHtml(next, next.t("admin.conv.cancelled"));
      await conversation.halt();
    }
    if (command) {
      await leave();
      await sendHtml(next, next.t("admin.conv.left"));
      await conversation.halt({ next: true });
    }
    if (message?.location && accept.location) {
      return {
        kind: "location",
        latitude: message.location.latitude,
        longitude: message.location.longitude,
        ctx: next,
      };
    }
    const photo = message?.photo?.at(-1);
    if (photo && accept.photo) {
      return { kind: "photo", fileId: photo.file_id, caption: message?.caption ?? "", ctx: next };
    }
    if (message?.document && accept.document) {
      return { kind: "document", fileId: message.document.file_id, ctx: next };
    }
    if (message?.text !== undefined && accept.text && message.text.trim().length > 0) {
      return { kind: "text", text: message.text.trim(), ctx: next };
    }
    await sendHtml(next, next.t("admin.conv.expect_answer"));
  }
}
