/**
 * Revising an announcement preview: "✏️ Sửa nội dung" (the coordinator types the new text) and
 * "⏰ Hẹn giờ" (they say when, "07:00 ngày mai"). Either way the coordinator sees the new
 * preview and confirms; the old preview's buttons stop working.
 */
import { MAX_SCHEDULE_DAYS, parseSendTime } from "../../domain/admin/send-time.js";
import type { PendingPayload } from "../../domain/admin/types.js";
import type { BotContext } from "../context.js";
import { noticeNote, sendAnnouncePreview, withCard } from "../features/admin-notice.js";
import { sendHtml } from "../features/admin-ui.js";
import { type AdminConversation, prompt } from "./admin-prompts.js";
import { finalHtml } from "./broadcast-compose.js";

/** Conversation id. */
export const ANNOUNCE_EDIT = "admin-announce-edit";
/** Conversation id of "⏰ Hẹn giờ". */
export const ANNOUNCE_SCHEDULE = "admin-announce-schedule";

type Announcement = Extract<PendingPayload, { kind: "announce" }>;

/** What the typed answer makes of the announcement, or why it cannot be used (translated). */
type Revise = (text: string, payload: Announcement) => Promise<Announcement | { error: string }>;

/**
 * Asks `question` until `revise` accepts the answer, then replaces the preview of `token` by
 * the revised one (a new token; the old one is discarded).
 */
async function reviseAnnouncement(
  conversation: AdminConversation,
  ctx: BotContext,
  token: string,
  ask: string,
  revise: Revise,
): Promise<void> {
  const pending = await conversation.external(() => ctx.deps.admin.pending.peek(token));
  if (!pending || pending.usedAt || pending.payload.kind !== "announce") {
    await sendHtml(ctx, ctx.t("admin.confirm.expired"));
    return;
  }
  const payload = pending.payload;
  let question = ask;
  let revised: Announcement | undefined;
  while (!revised) {
    const answer = await prompt(conversation, ctx, question);
    if (answer.kind !== "text") continue;
    const result = await revise(answer.text, payload);
    if ("error" in result) question = `${result.error}\n${ask}`;
    else revised = result;
  }
  const done = revised;
  await conversation.external(() => ctx.deps.admin.pending.discard(token, ctx.deps.clock.now()));
  const next = await conversation.external(() =>
    ctx.deps.admin.pending.create(pending.actorId, done, ctx.deps.clock.now()),
  );
  const count = await conversation.external(() =>
    ctx.deps.admin.broadcasts.countAudience(done.audience),
  );
  await sendAnnouncePreview(
    ctx,
    next,
    done.audience,
    done.content.html,
    count,
    "",
    done.notice ? noticeNote(ctx, done.content) : "",
    done.sendAt ? new Date(done.sendAt) : undefined,
    done.content.photoFileId,
  );
}

/**
 * A conversation entered with the token of the preview being revised: asks `askKey` until
 * `revise` accepts the answer.
 */
function revisingConversation(
  askKey: string,
  revise: (
    conversation: AdminConversation,
    ctx: BotContext,
  ) => (text: string, payload: Announcement) => Promise<Announcement | { error: string }>,
) {
  return (conversation: AdminConversation, ctx: BotContext, token: string): Promise<void> =>
    reviseAnnouncement(conversation, ctx, token, ctx.t(askKey), revise(conversation, ctx));
}

/** "✏️ Sửa nội dung": the typed text replaces the announcement's. */
export const announceEditConversation = revisingConversation(
  "admin.broadcast.ask_new_text",
  (conversation, ctx) => async (text, payload) => {
    const result = await finalHtml(conversation, ctx, text);
    if ("error" in result) return { error: ctx.t(result.error) };
    const eventId = payload.eventId;
    const html = await conversation.external(async () => {
      const event = eventId ? await ctx.deps.admin.events.get(eventId) : undefined;
      return withCard(ctx, result.html, event);
    });
    return {
      ...payload,
      content: { ...payload.content, html },
      // A notice keeps its card and buttons; the typed text replaces the drafted lines.
      ...(payload.notice ? { notice: { ...payload.notice, text: result.html } } : {}),
    };
  },
);

/** "⏰ Hẹn giờ": the announcement goes out at the time typed ("07:00 ngày mai"). */
export const announceScheduleConversation = revisingConversation(
  "admin.schedule.ask",
  (conversation, ctx) => async (text, payload) => {
    const now = new Date(await conversation.external(() => ctx.deps.clock.now().getTime()));
    const parsed = parseSendTime(text, now);
    if (!parsed.ok) {
      return { error: ctx.t(`admin.schedule.errors.${parsed.error}`, { days: MAX_SCHEDULE_DAYS }) };
    }
    return { ...payload, sendAt: parsed.at.toISOString() };
  },
);
