/**
 * "Edit text" under an announcement preview: the coordinator types the new text, sees the new
 * preview, and confirms. The old preview's buttons stop working.
 */
import { MAX_SCHEDULE_DAYS, parseSendTime } from "../../domain/admin/send-time.js";
import type { BotContext } from "../context.js";
import { noticeNote, sendAnnouncePreview, withCard } from "../features/admin-notice.js";
import { sendHtml } from "../features/admin-ui.js";
import { type AdminConversation, prompt } from "./admin-prompts.js";
import { finalHtml } from "./broadcast-compose.js";

/** Conversation id. */
export const ANNOUNCE_EDIT = "admin-announce-edit";

/** Entered with the token of the preview being edited. */
export async function announceEditConversation(
  conversation: AdminConversation,
  ctx: BotContext,
  token: string,
): Promise<void> {
  const pending = await conversation.external(() => ctx.deps.admin.pending.peek(token));
  if (!pending || pending.usedAt || pending.payload.kind !== "announce") {
    await sendHtml(ctx, ctx.t("admin.confirm.expired"));
    return;
  }
  const payload = pending.payload;
  let question = ctx.t("admin.broadcast.ask_new_text");
  for (;;) {
    const answer = await prompt(conversation, ctx, question);
    if (answer.kind !== "text") continue;
    const result = await finalHtml(conversation, ctx, answer.text);
    if ("error" in result) {
      question = `${ctx.t(result.error)}\n${ctx.t("admin.broadcast.ask_new_text")}`;
      continue;
    }
    const eventId = payload.eventId;
    const html = await conversation.external(async () => {
      const event = eventId ? await ctx.deps.admin.events.get(eventId) : undefined;
      return withCard(ctx, result.html, event);
    });
    const now = () => ctx.deps.clock.now();
    await conversation.external(() => ctx.deps.admin.pending.discard(token, now()));
    const next = await conversation.external(() =>
      ctx.deps.admin.pending.create(
        pending.actorId,
        {
          ...payload,
          content: { ...payload.content, html },
          // A notice keeps its card and buttons; the typed text replaces the drafted lines.
          ...(payload.notice ? { notice: { ...payload.notice, text: result.html } } : {}),
        },
        now(),
      ),
    );
    const count = await conversation.external(() =>
      ctx.deps.admin.broadcasts.countAudience(payload.audience),
    );
    await sendAnnouncePreview(
      ctx,
      next,
      payload.audience,
      html,
      count,
      "",
      payload.notice ? noticeNote(ctx, payload.content) : "",
      payload.sendAt ? new Date(payload.sendAt) : undefined,
      payload.content.photoFileId,
    );
    return;
  }
}

/** Conversation id of "⏰ Hẹn giờ". */
export const ANNOUNCE_SCHEDULE = "admin-announce-schedule";

/**
 * "⏰ Hẹn giờ" under an announcement preview: the coordinator says when ("07:00 ngày mai"),
 * sees the preview with that time, and confirms. The old preview's buttons stop working.
 */
export async function announceScheduleConversation(
  conversation: AdminConversation,
  ctx: BotContext,
  token: string,
): Promise<void> {
  const pending = await conversation.external(() => ctx.deps.admin.pending.peek(token));
  if (!pending || pending.usedAt || pending.payload.kind !== "announce") {
    await sendHtml(ctx, ctx.t("admin.confirm.expired"));
    return;
  }
  const payload = pending.payload;
  let question = ctx.t("admin.schedule.ask");
  for (;;) {
    const answer = await prompt(conversation, ctx, question);
    if (answer.kind !== "text") continue;
    const now = new Date(await conversation.external(() => ctx.deps.clock.now().getTime()));
    const parsed = parseSendTime(answer.text, now);
    if (!parsed.ok) {
      question = `${ctx.t(`admin.schedule.errors.${parsed.error}`, { days: MAX_SCHEDULE_DAYS })}\n${ctx.t("admin.schedule.ask")}`;
      continue;
    }
    const sendAt = parsed.at;
    await conversation.external(() => ctx.deps.admin.pending.discard(token, ctx.deps.clock.now()));
    const next = await conversation.external(() =>
      ctx.deps.admin.pending.create(
        pending.actorId,
        { ...payload, sendAt: sendAt.toISOString() },
        ctx.deps.clock.now(),
      ),
    );
    const count = await conversation.external(() =>
      ctx.deps.admin.broadcasts.countAudience(payload.audience),
    );
    await sendAnnouncePreview(
      ctx,
      next,
      payload.audience,
      payload.content.html,
      count,
      "",
      payload.notice ? noticeNote(ctx, payload.content) : "",
      sendAt,
      payload.content.photoFileId,
    );
    return;
  }
}
