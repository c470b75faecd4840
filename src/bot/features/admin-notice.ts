/** Offering a change notice after an edit: pre-filled Vietnamese text, preview, recipients. */
import { InlineKeyboard } from "grammy";
import { draftChangeNotice } from "../../domain/admin/change-notice.js";
import type { Audience } from "../../domain/admin/types.js";
import type { CommunityEvent } from "../../domain/types.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { adminButton, customerPreview, provinceName, sendHtml } from "./admin-ui.js";

/** The Vietnamese notice text for a change, escaped, followed by the customer card. */
export async function noticeHtml(ctx: BotContext, before: CommunityEvent, after: CommunityEvent) {
  const draft = draftChangeNotice(before, after, provinceName(ctx, after.provinceId));
  if (!draft) return undefined;
  const t = ctx.deps.i18n.t("vi");
  const escapeAll = (values: Record<string, string>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, escapeHtml(v)]));
  const text = draft.lines.map((line) => t(`admin.notice.${line.key}`, escapeAll(line.values)));
  return { html: text.join("\n"), audience: draft.audience };
}

/** Text + card, as customers receive a notice about `event`. */
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
) {
  const warning = ctx.deps.admin.broadcasts.available
    ? ""
    : `\n${ctx.t("admin.broadcast.engine_missing")}`;
  await sendHtml(
    ctx,
    `${lead ? `${lead}\n\n` : ""}${ctx.t("admin.broadcast.preview", { recipients, audience: audienceLabel(ctx, audience) })}${warning}\n———\n${html}`,
    InlineKeyboard.from([
      [
        adminButton(ctx.t("admin.button.send"), "ok", token),
        adminButton(ctx.t("admin.button.edit_text"), "nt", token),
      ],
      [adminButton(ctx.t("admin.button.dont_send"), "no", token)],
    ]),
  );
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
  const notice = await noticeHtml(ctx, before, after);
  if (!notice) return false;
  const html = await withCard(ctx, notice.html, after);
  const admin = ctx.deps.admin;
  const token = await admin.pending.create(
    ctx.from?.id ?? 0,
    { kind: "announce", audience: notice.audience, content: { html }, eventId: after.id },
    ctx.deps.clock.now(),
  );
  const count = await admin.broadcasts.countAudience(notice.audience);
  await sendAnnouncePreview(ctx, token, notice.audience, html, count, lead);
  return true;
}
