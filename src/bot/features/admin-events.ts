/** `/events` (coordinator view), `/newevent`, `/editevent <id>`, `/cancelevent <id>`. */
import { Composer, InlineKeyboard } from "grammy";
import { escapeHtml } from "../../presentation/html.js";
import { callbackPattern, decodeCallback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { EDIT_EVENT } from "../conversations/edit-event.js";
import { NEW_EVENT, type NewEventResume } from "../conversations/new-event.js";
import { ADMIN_ACTION } from "../filters/is-admin.js";
import { adminButton, customerPreview, eventShort, sendHtml } from "./admin-ui.js";

/** All events with short ids, status, subscriber and eligible counts, and edit buttons. */
export async function listEventsForCoordinator(ctx: BotContext): Promise<void> {
  const rows = await ctx.deps.admin.events.rows();
  if (rows.length === 0) {
    await sendHtml(ctx, ctx.t("admin.events.none"));
    return;
  }
  const lines = rows.map((row) =>
    ctx.t("admin.events.line", {
      event: eventShort(ctx, row.event),
      subscribers: row.subscribers,
      eligible: row.eligible ?? "—",
    }),
  );
  const keyboard = InlineKeyboard.from(
    rows
      .slice(0, 20)
      .map((row) => [
        adminButton(`✏️ ${row.event.id}`, "ee", row.event.id),
        adminButton(`❌ ${row.event.id}`, "ce", row.event.id),
      ]),
  );
  await sendHtml(
    ctx,
    [ctx.t("admin.events.title"), ...lines, "", ctx.t("admin.events.hint")].join("\n"),
    keyboard,
  );
}

async function startEdit(ctx: BotContext, id: string) {
  if (!id) {
    await sendHtml(ctx, ctx.t("admin.edit.usage"));
    return;
  }
  const event = await ctx.deps.admin.events.get(id.toLowerCase());
  if (!event) {
    await sendHtml(ctx, ctx.t("admin.errors.event_unknown", { id: escapeHtml(id) }));
    return;
  }
  await ctx.conversation.enter(EDIT_EVENT, event.id);
}

async function startCancel(ctx: BotContext, id: string) {
  if (!id) {
    await sendHtml(ctx, ctx.t("admin.cancel.usage"));
    return;
  }
  const event = await ctx.deps.admin.events.get(id.toLowerCase());
  if (!event) {
    await sendHtml(ctx, ctx.t("admin.errors.event_unknown", { id: escapeHtml(id) }));
    return;
  }
  if (event.status === "cancelled") {
    await sendHtml(ctx, ctx.t("admin.cancel.already", { id: escapeHtml(event.id) }));
    return;
  }
  const token = await ctx.deps.admin.pending.create(
    ctx.from?.id ?? 0,
    { kind: "cancel_event", eventId: event.id, expectedVersion: event.version },
    ctx.deps.clock.now(),
  );
  // Say who is affected, and name the buttons by what they do ("Hủy" alone was ambiguous).
  const affected = await ctx.deps.admin.broadcasts.countAudience({
    kind: "event_and_province",
    eventId: event.id,
    provinceId: event.provinceId,
  });
  await sendHtml(
    ctx,
    `${ctx.t("admin.cancel.confirm", { id: escapeHtml(event.id) })}\n${ctx.t("admin.cancel.affected", { count: affected })}\n\n${await customerPreview(ctx, event)}`,
    InlineKeyboard.from([
      [adminButton(ctx.t("admin.cancel.button_cancel_event"), "ok", token)],
      [adminButton(ctx.t("admin.cancel.button_keep"), "no", token)],
    ]),
  );
}

/** Starts the `/newevent` conversation. */
export async function startNewEvent(ctx: BotContext): Promise<void> {
  await ctx.conversation.enter(NEW_EVENT);
}

/** Event commands and buttons (coordinators only; the gate is in front). */
export function adminEventsFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command(["events", "lich"], listEventsForCoordinator);
  feature.command("newevent", startNewEvent);
  feature.command("editevent", (ctx) => startEdit(ctx, ctx.match.trim()));
  feature.command("cancelevent", (ctx) => startCancel(ctx, ctx.match.trim()));
  feature.callbackQuery(callbackPattern(ADMIN_ACTION), async (ctx, next) => {
    const [sub, arg = ""] = decodeCallback(ctx.callbackQuery.data)?.args ?? [];
    if (sub === "ce") {
      await ctx.answerCallbackQuery();
      await startCancel(ctx, arg);
      return;
    }
    if (sub !== "ne") return next();
    // "Edit" under a new-event preview: back into the wizard with the draft.
    const pending = await ctx.deps.admin.pending.peek(arg);
    if (!pending || pending.usedAt || pending.payload.kind !== "create_event") {
      await ctx.answerCallbackQuery({ text: ctx.t("admin.confirm.expired"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    const resume: NewEventResume = { draft: pending.payload.event, token: arg };
    await ctx.conversation.enter(NEW_EVENT, resume);
  });
  return feature;
}
