/** Small helpers shared by the coordinator features: buttons, previews, short event lines. */
import { AdminCallbacks } from "../admin-callback-data.js";
import { InlineKeyboard } from "grammy";
import { formatDayMonthYear } from "../../domain/calendar.js";
import { viewOf } from "../../domain/event-views.js";
import type { CommunityEvent } from "../../domain/types.js";
import { eventCard } from "../../presentation/event-card.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";

/** A coordinator button; `data` comes from one of the {@link AdminCallbacks} codecs. */
export function adminButton(label: string, data: string) {
  return InlineKeyboard.text(label, data);
}

/** Confirm / Cancel buttons for a pending action. */
export function confirmKeyboard(
  ctx: BotContext,
  token: string,
  extra: ReturnType<typeof adminButton>[] = [],
) {
  return InlineKeyboard.from([
    [
      adminButton(ctx.t("admin.button.confirm"), AdminCallbacks.confirm.encode({ token })),
      ...extra,
    ],
    [adminButton(ctx.t("admin.button.cancel"), AdminCallbacks.discard.encode({ token }))],
  ]);
}

/** Sends HTML to the coordinator. */
export async function sendHtml(ctx: BotContext, html: string, keyboard?: InlineKeyboard) {
  return ctx.reply(html, {
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
    ...(keyboard ? { reply_markup: keyboard } : {}),
  });
}

/** The province's name as customers know it (Vietnamese), or the id. */
export function provinceName(ctx: BotContext, provinceId: string): string {
  return ctx.deps.gazetteer.get(provinceId)?.name ?? provinceId;
}

/** "<code>id</code> · <tỉnh> · dd/mm/yyyy · đã hủy" (HTML). */
export function eventShort(ctx: BotContext, event: CommunityEvent): string {
  return [
    `<code>${escapeHtml(event.id)}</code>`,
    escapeHtml(provinceName(ctx, event.provinceId)),
    formatDayMonthYear(event.date),
    ctx.t(`admin.status.${event.status}`),
  ].join(" · ");
}

/**
 * The event exactly as customers will see it (Vietnamese card), for previews. Falls back to
 * the short line when the programme or province is unknown.
 */
export async function customerPreview(ctx: BotContext, event: CommunityEvent): Promise<string> {
  const snapshot = await ctx.deps.qa.snapshot(ctx.deps.clock.now());
  const view = viewOf(event, snapshot);
  const t = ctx.deps.i18n.t("vi");
  return view ? eventCard(view, t, "vi") : eventShort(ctx, event);
}

/** A user-friendly actor for the audit log. */
export function actorOf(ctx: BotContext): { id: number; name?: string | undefined } {
  return { id: ctx.from?.id ?? 0, name: ctx.from?.first_name };
}
