/** `/events` (coordinator view), `/newevent`, `/editevent <id>`, `/cancelevent <id>`. */
import { AdminCallbacks } from "../admin-callback-data.js";
import { type Composer, InlineKeyboard, InputFile } from "grammy";
import QRCode from "qrcode";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { EDIT_EVENT } from "../conversations/edit-event.js";
import { NEW_EVENT, type NewEventResume } from "../conversations/new-event.js";
import { CHECK_PAYLOAD, deepLink, PROVINCE_PAYLOAD_PREFIX } from "./deep-links.js";
import { adminButton, customerPreview, eventShort, sendHtml } from "./admin-ui.js";
import { LeanComposer } from "../lean-composer.js";

/** All events with short ids, status, subscriber and eligible counts, and edit buttons. */
export async function listEventsForCoordinator(ctx: BotContext): Promise<void> {
  const rows = await ctx.deps.admin.events.rows();
  if (rows.length === 0) {
    await sendHtml(ctx, ctx.t("admin.events.none"));
    return;
  }
  const username = ctx.me.username;
  const lines = rows.map((row) =>
    ctx.t("admin.events.line", {
      event: eventShort(ctx, row.event),
      subscribers: row.subscribers,
      eligible: row.eligible ?? "—",
      link: escapeHtml(deepLink(username, row.event.id)),
    }),
  );
  const keyboard = InlineKeyboard.from(
    rows
      .slice(0, 20)
      .map((row) => [
        adminButton(`✏️ ${row.event.id}`, AdminCallbacks.editEvent.encode({ id: row.event.id })),
        adminButton(`❌ ${row.event.id}`, AdminCallbacks.cancelEvent.encode({ id: row.event.id })),
        adminButton(`🔳 QR ${row.event.id}`, AdminCallbacks.qrCode.encode({ id: row.event.id })),
      ]),
  );
  const links = ctx.t("admin.events.links", {
    check: escapeHtml(deepLink(username, CHECK_PAYLOAD)),
    // An example from the data: the first event's province.
    province: escapeHtml(
      deepLink(username, `${PROVINCE_PAYLOAD_PREFIX}${rows[0]?.event.provinceId ?? ""}`),
    ),
  });
  await sendHtml(
    ctx,
    [ctx.t("admin.events.title"), ...lines, "", links, "", ctx.t("admin.events.hint")].join("\n"),
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
      [
        adminButton(
          ctx.t("admin.cancel.button_cancel_event"),
          AdminCallbacks.confirm.encode({ token }),
        ),
      ],
      [adminButton(ctx.t("admin.cancel.button_keep"), AdminCallbacks.discard.encode({ token }))],
    ]),
  );
}

/** A PNG QR code of the event's deep link, with the link as caption, for posters. */
async function sendQrCode(ctx: BotContext, eventId: string): Promise<void> {
  const link = deepLink(ctx.me.username, eventId);
  const png = await QRCode.toBuffer(link, { type: "png", width: 512, margin: 2 });
  await ctx.replyWithPhoto(new InputFile(png, `loa-${eventId}-qr.png`), {
    caption: ctx.t("admin.events.qr_caption", { id: eventId, link }),
  });
}

/** Starts the `/newevent` conversation. */
export async function startNewEvent(ctx: BotContext): Promise<void> {
  await ctx.conversation.enter(NEW_EVENT);
}

/** Event commands and buttons (coordinators only; the gate is in front). */
export function adminEventsFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature.command(["events", "lich"], listEventsForCoordinator);
  feature.command("newevent", startNewEvent);
  feature.command("editevent", (ctx) => startEdit(ctx, ctx.match.trim()));
  feature.command("cancelevent", (ctx) => startCancel(ctx, ctx.match.trim()));
  feature.callbackQuery(AdminCallbacks.cancelEvent.pattern, async (ctx, next) => {
    const data = AdminCallbacks.cancelEvent.decode(ctx.callbackQuery.data);
    if (!data) return next();
    await ctx.answerCallbackQuery();
    await startCancel(ctx, data.id);
  });
  feature.callbackQuery(AdminCallbacks.qrCode.pattern, async (ctx, next) => {
    const data = AdminCallbacks.qrCode.decode(ctx.callbackQuery.data);
    if (!data) return next();
    const event = await ctx.deps.admin.events.get(data.id);
    if (!event) {
      await ctx.answerCallbackQuery({ text: ctx.t("admin.errors.event_gone"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await sendQrCode(ctx, event.id);
  });
  feature.callbackQuery(AdminCallbacks.editDraft.pattern, async (ctx, next) => {
    const data = AdminCallbacks.editDraft.decode(ctx.callbackQuery.data);
    if (!data) return next();
    const arg = data.token;
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
