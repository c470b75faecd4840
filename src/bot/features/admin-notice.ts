/**
 * Offering a notice about an event — after an edit (change notice) or after `/newevent` (to
 * the province's followers): pre-filled text, preview, recipient count, Send / Edit / Don't.
 */
import { AdminCallbacks } from "../admin-callback-data.js";
import { InlineKeyboard } from "grammy";
import { draftChangeNotice } from "../../domain/admin/change-notice.js";
import type { Audience, NoticeSpec } from "../../domain/admin/types.js";
import type { CommunityEvent } from "../../domain/types.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { formatSendTime } from "../../domain/admin/send-time.js";
import { buttonSummary, renderNotice } from "./admin-notice-content.js";
import { adminButton, customerPreview, provinceName, sendHtml } from "./admin-ui.js";

/** Text + card (Vietnamese), as province followers see a notice about `event`; for previews. */
export async function withCard(ctx: BotContext, text: string, event: CommunityEvent | undefined) {
  return event ? `${text}\n\n${await customerPreview(ctx, event)}` : text;
}

/** Describes an audience for the coordinator. */
export function audienceLabel(ctx: BotContext, audience: Audience): string {
  switch (audience.kind) {
    case "all":
      return ctx.t("admin.audience.all");
    case "language":
      return ctx.t("admin.audience.language_of", { lang: ctx.t(`language.${audience.lang}`) });
    case "province":
      return ctx.t("admin.audience.province_of", {
        province: escapeHtml(provinceName(ctx, audience.provinceId)),
      });
    case "event":
      return ctx.t("admin.audience.event_of", { id: escapeHtml(audience.eventId) });
    case "event_and_province":
      return ctx.t("admin.audience.event_and_province", {
        id: escapeHtml(audience.eventId),
        province: escapeHtml(provinceName(ctx, audience.provinceId)),
      });
  }
}

/**
 * Sends the announcement preview: recipients, the text exactly as it will go out, and
 * Send / Edit text / Don't send. `token` is the pending "announce" action.
 */
export async function sendAnnouncePreview(
  ctx: BotContext,
  token: string,
  audience: Audience,
  html: string,
  recipients: number,
  lead = "",
  note = "",
  sendAt?: Date,
  photo?: string,
) {
  if (photo) {
    // A photo broadcast is previewed as it will arrive: the photo with its caption.
    await sendHtml(ctx, ctx.t("admin.broadcast.photo_preview"));
    await ctx.replyWithPhoto(photo, { caption: html, parse_mode: "HTML" });
  }
  const when = sendAt
    ? `\n${ctx.t("admin.schedule.preview_when", { when: formatSendTime(sendAt) })}`
    : "";
  // Nobody to send to: say so, and offer no Send (only rewriting or dropping it).
  const nobody = recipients === 0 ? `\n${ctx.t("admin.broadcast.nobody")}` : "";
  const send = [
    adminButton(
      sendAt
        ? ctx.t("admin.schedule.button_confirm", { when: formatSendTime(sendAt) })
        : ctx.t("admin.button.send"),
      AdminCallbacks.confirm.encode({ token }),
    ),
  ];
  const schedule = sendAt
    ? []
    : [adminButton(ctx.t("admin.schedule.button"), AdminCallbacks.schedule.encode({ token }))];
  await sendHtml(
    ctx,
    `${lead ? `${lead}\n\n` : ""}${ctx.t("admin.broadcast.preview", { recipients, audience: audienceLabel(ctx, audience) })}${when}${nobody}${note ? `\n${note}` : ""}\n———\n${html}`,
    InlineKeyboard.from([
      [
        ...(recipients > 0 ? send : []),
        adminButton(ctx.t("admin.button.edit_text"), AdminCallbacks.editText.encode({ token })),
      ],
      [
        ...(recipients > 0 ? schedule : []),
        adminButton(ctx.t("admin.button.dont_send"), AdminCallbacks.discard.encode({ token })),
      ],
    ]),
  );
}

/**
 * Offers a notice about one event to `audience`: renders it (Vietnamese preview; each
 * recipient will get their own language and buttons), stores the pending "announce" action
 * and sends the preview below `lead`. False when the event cannot be shown.
 */
async function offerEventNotice(
  ctx: BotContext,
  spec: NoticeSpec,
  audience: Audience,
  lead: string,
): Promise<boolean> {
  const admin = ctx.deps.admin;
  const now = ctx.deps.clock.now();
  const rendered = await renderNotice(ctx.deps, spec, now);
  if (!rendered) return false;
  const token = await admin.pending.create(
    ctx.from?.id ?? 0,
    { kind: "announce", audience, content: rendered.content, eventId: spec.eventId, notice: spec },
    now,
  );
  const count = await admin.broadcasts.countAudience(audience);
  await sendAnnouncePreview(
    ctx,
    token,
    audience,
    rendered.content.html,
    count,
    lead,
    noticeNote(ctx, rendered.content),
  );
  return true;
}

/** "Each person gets it in their language, with the buttons …" (HTML). */
export function noticeNote(ctx: BotContext, content: { buttons?: unknown }): string {
  const labels = buttonSummary(content as Parameters<typeof buttonSummary>[0]);
  return ctx.t(labels ? "admin.notice.preview_note" : "admin.notice.preview_note_plain", {
    buttons: escapeHtml(labels),
  });
}

/**
 * After a saved change, offers to notify subscribers and province followers, in one message
 * below `lead` (the "saved" confirmation). Returns false when there is nothing to announce.
 */
export async function offerNotice(
  ctx: BotContext,
  before: CommunityEvent,
  after: CommunityEvent,
  lead = "",
): Promise<boolean> {
  const draft = draftChangeNotice(before, after, provinceName(ctx, after.provinceId));
  if (!draft) return false;
  return offerEventNotice(ctx, { kind: "change", eventId: after.id, before }, draft.audience, lead);
}

/**
 * After `/newevent` is confirmed, offers a pre-filled announcement to the followers of the
 * event's province (current or former name: followers of either hear of it).
 */
export async function offerNewEventNotice(
  ctx: BotContext,
  event: CommunityEvent,
  lead: string,
): Promise<boolean> {
  return offerEventNotice(
    ctx,
    { kind: "new_event", eventId: event.id },
    { kind: "province", provinceId: event.provinceId },
    lead,
  );
}
