/**
 * Confirm / Cancel of every coordinator preview. Each button carries a single-use token: a
 * double tap runs the action once, a stale button says it expired, and saves are
 * version-checked so a second coordinator sees the newer state instead of overwriting it.
 */
import { AdminCallbacks } from "../admin-callback-data.js";
import type { Composer } from "grammy";
import { needsNotice } from "../../domain/admin/event-editing.js";
import { parseBackup } from "../../domain/admin/backup.js";
import type { EditResult } from "../../domain/admin/event-editing.js";
import type { PendingAction } from "../../domain/admin/types.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { EDIT_EVENT } from "../conversations/edit-event.js";
import { offerNewEventNotice, offerNotice } from "./admin-notice.js";
import { renderNotice } from "./admin-notice-content.js";
import { applySheetImport } from "./admin-sheet.js";
import { formatSendTime } from "../../domain/admin/send-time.js";
import { actorOf, adminButton, customerPreview, sendHtml } from "./admin-ui.js";
import { InlineKeyboard } from "grammy";
import { LeanComposer } from "../lean-composer.js";

async function reportEdit(ctx: BotContext, result: EditResult, doneKey: string) {
  if (result.ok) {
    const done = ctx.t(doneKey, { id: escapeHtml(result.event.id) });
    const offered =
      result.before &&
      needsNotice(result.before, result.event) &&
      (await offerNotice(ctx, result.before, result.event, done));
    if (!offered) {
      await sendHtml(ctx, `${done}\n\n${await customerPreview(ctx, result.event)}`);
    }
    return;
  }
  if (result.reason === "missing") {
    await sendHtml(ctx, ctx.t("admin.errors.event_gone"));
    return;
  }
  await sendHtml(
    ctx,
    `${ctx.t("admin.edit.conflict")}\n\n${await customerPreview(ctx, result.current)}`,
    InlineKeyboard.from([
      [
        adminButton(
          ctx.t("admin.button.edit_again"),
          AdminCallbacks.editEvent.encode({ id: result.current.id }),
        ),
      ],
    ]),
  );
}

async function run(ctx: BotContext, action: PendingAction): Promise<void> {
  const { admin, clock } = ctx.deps;
  const now = clock.now();
  const actor = actorOf(ctx);
  const payload = action.payload;
  switch (payload.kind) {
    case "create_event": {
      const created = await admin.events.create(payload.event, actor, now);
      if (!created.ok) {
        await sendHtml(ctx, ctx.t("admin.errors.id_taken", { id: escapeHtml(payload.event.id) }));
        return;
      }
      // Province followers were promised news of events near them: offer the announcement.
      const done = ctx.t("admin.newevent.created", { id: escapeHtml(created.event.id) });
      if (!(await offerNewEventNotice(ctx, created.event, done))) {
        await sendHtml(ctx, `${done}\n\n${await customerPreview(ctx, created.event)}`);
      }
      return;
    }
    case "edit_event":
      return reportEdit(
        ctx,
        await admin.events.edit(payload.after, payload.expectedVersion, actor, now),
        "admin.edit.saved",
      );
    case "cancel_event":
      return reportEdit(
        ctx,
        await admin.events.cancel(payload.eventId, payload.expectedVersion, actor, now),
        "admin.cancel.done",
      );
    case "announce": {
      // A notice about an event goes out in each recipient's language, with the card as the
      // event is now and buttons that depend on whether they are reminded of it.
      const rendered = payload.notice && (await renderNotice(ctx.deps, payload.notice, now));
      // A time already past by the confirm tap means "now".
      const sendAt =
        payload.sendAt && Date.parse(payload.sendAt) > now.getTime()
          ? new Date(payload.sendAt)
          : undefined;
      const job = await admin.broadcasts.start({
        ...(sendAt ? { sendAt } : {}),
        audience: payload.audience,
        content: rendered ? rendered.content : payload.content,
        createdBy: actor.id,
        progressChatId: String(ctx.chat?.id ?? actor.id),
        ...(rendered
          ? {
              contentByLang: rendered.contentByLang,
              bySubscription: { eventId: rendered.event.id, content: rendered.byVariant },
            }
          : {}),
      });
      await admin.audit.record(
        {
          actorId: actor.id,
          actorName: actor.name,
          action: sendAt ? "broadcast.schedule" : "broadcast.start",
          target: job.id,
          after: {
            audience: payload.audience,
            eventId: payload.eventId,
            html: payload.content.html,
            ...(sendAt ? { sendAt: sendAt.toISOString() } : {}),
          },
        },
        now,
      );
      await sendHtml(
        ctx,
        sendAt
          ? ctx.t("admin.schedule.done", { id: escapeHtml(job.id), when: formatSendTime(sendAt) })
          : ctx.t("admin.broadcast.started", { id: escapeHtml(job.id) }),
      );
      return;
    }
    case "import": {
      const parsed = parseBackup(JSON.stringify(payload.backup));
      if (!parsed.ok) {
        await sendHtml(ctx, ctx.t("admin.import.invalid", { error: escapeHtml(parsed.error) }));
        return;
      }
      const report = await admin.backup.import(parsed.backup, actor.id, now);
      await sendHtml(ctx, ctx.t("admin.import.done", { ...report }));
      return;
    }
    case "import_events":
      return applySheetImport(ctx, payload);
    case "unanswered_handled": {
      const count = await admin.unanswered.markHandled(payload.ids, now.toISOString());
      await admin.audit.record(
        {
          actorId: actor.id,
          actorName: actor.name,
          action: "unanswered.handled",
          target: `${count}`,
          after: payload.ids,
        },
        now,
      );
      await sendHtml(ctx, ctx.t("admin.unanswered.marked", { marked: count }));
      return;
    }
  }
}

/** Confirm / Cancel / Edit-again handlers (coordinators only; the gate is in front). */
export function adminConfirmFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature.callbackQuery(AdminCallbacks.discard.pattern, async (ctx, next) => {
    const data = AdminCallbacks.discard.decode(ctx.callbackQuery.data);
    if (!data) return next();
    const pending = await ctx.deps.admin.pending.peek(data.token);
    await ctx.deps.admin.pending.discard(data.token, ctx.deps.clock.now());
    // Say what did NOT happen, in the words of the action ("event kept", "not sent").
    const kind = pending?.payload.kind;
    const toast =
      kind === "cancel_event"
        ? "admin.confirm.kept_event"
        : kind === "announce"
          ? "admin.confirm.not_sent"
          : "admin.confirm.cancelled";
    await ctx.answerCallbackQuery({ text: ctx.t(toast) });
    await ctx.editMessageReplyMarkup().catch(() => undefined);
  });
  feature.callbackQuery(AdminCallbacks.editEvent.pattern, async (ctx, next) => {
    const data = AdminCallbacks.editEvent.decode(ctx.callbackQuery.data);
    if (!data) return next();
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter(EDIT_EVENT, data.id);
  });
  feature.callbackQuery(AdminCallbacks.confirm.pattern, async (ctx, next) => {
    const data = AdminCallbacks.confirm.decode(ctx.callbackQuery.data);
    if (!data) return next();
    const now = ctx.deps.clock.now();
    const arg = data.token;
    const taken = await ctx.deps.admin.pending.take(arg, ctx.from.id, now);
    if (!taken.ok) {
      const key = taken.reason === "used" ? "admin.confirm.used" : "admin.confirm.expired";
      await ctx.answerCallbackQuery({ text: ctx.t(key), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery({ text: ctx.t("admin.confirm.ok") });
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await run(ctx, taken.action);
  });
  return feature;
}
