/** `/broadcast`, `/broadcast all <text>`, `/broadcasts` with pause / resume / stop. */
import { AdminCallbacks } from "../admin-callback-data.js";
import { type Composer, InlineKeyboard } from "grammy";
import type { JobSummary } from "../../domain/admin/ports-needed.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { ANNOUNCE_EDIT, ANNOUNCE_SCHEDULE } from "../conversations/announce-edit.js";
import { BROADCAST_COMPOSE, type BroadcastStart } from "../conversations/broadcast-compose.js";
import { formatSendTime } from "../../domain/admin/send-time.js";
import { audienceLabel } from "./admin-notice.js";
import { actorOf, adminButton, sendHtml } from "./admin-ui.js";
import { LeanComposer } from "../lean-composer.js";

/** Starts composing; `/broadcast all <text>` skips to the preview. */
export async function startBroadcast(ctx: BotContext, args = ""): Promise<void> {
  const shortcut = args.match(/^all\s+([\s\S]+)$/i);
  const start: BroadcastStart = shortcut?.[1]
    ? { text: shortcut[1].trim(), audience: { kind: "all" } }
    : {};
  await ctx.conversation.enter(BROADCAST_COMPOSE, start);
}

function jobLine(ctx: BotContext, job: JobSummary): string {
  const scheduled = job.state === "draft" && job.scheduledAt;
  return ctx.t("admin.broadcasts.line", {
    id: escapeHtml(job.id),
    state: scheduled
      ? ctx.t("admin.schedule.state", { when: formatSendTime(new Date(job.scheduledAt ?? 0)) })
      : ctx.t(`admin.job_state.${job.state}`),
    audience: audienceLabel(ctx, job.audience),
    sent: job.sent,
    failed: job.failed,
    blocked: job.blocked,
    total: job.total,
    pressed: job.pressed,
  });
}

/** Lists broadcast jobs with their controls. */
export async function listBroadcasts(ctx: BotContext): Promise<void> {
  const gateway = ctx.deps.admin.broadcasts;
  const jobs = await gateway.recent(10);
  if (jobs.length === 0) {
    await sendHtml(ctx, ctx.t("admin.broadcasts.none"));
    return;
  }
  const scheduledRows = jobs
    .filter((job) => job.state === "draft" && job.scheduledAt)
    .map((job) => [
      adminButton(
        ctx.t("admin.schedule.button_cancel", { id: job.id.slice(0, 8) }),
        AdminCallbacks.job.encode({ op: "unschedule", id: job.id }),
      ),
    ]);
  const rows = jobs
    .filter((job) => job.state === "sending" || job.state === "paused")
    .map((job) => [
      job.state === "paused"
        ? adminButton(
            `▶️ ${job.id.slice(0, 8)}`,
            AdminCallbacks.job.encode({ op: "resume", id: job.id }),
          )
        : adminButton(
            `⏸ ${job.id.slice(0, 8)}`,
            AdminCallbacks.job.encode({ op: "pause", id: job.id }),
          ),
      adminButton(
        `⏹ ${job.id.slice(0, 8)}`,
        AdminCallbacks.job.encode({ op: "ask_stop", id: job.id }),
      ),
    ]);
  await sendHtml(
    ctx,
    [
      ctx.t("admin.broadcasts.title"),
      ...jobs.map((job) => jobLine(ctx, job)),
      "",
      ctx.t("admin.broadcasts.pressed_note"),
    ].join("\n"),
    rows.length + scheduledRows.length > 0
      ? InlineKeyboard.from([...scheduledRows, ...rows])
      : undefined,
  );
}

async function askStop(ctx: BotContext, id: string): Promise<void> {
  const job = await ctx.deps.admin.broadcasts.get(id);
  if (!job || (job.state !== "sending" && job.state !== "paused")) {
    await sendHtml(ctx, ctx.t("admin.broadcasts.not_possible"));
    return;
  }
  const reached = job.sent + job.failed + job.blocked;
  await sendHtml(
    ctx,
    ctx.t("admin.broadcasts.stop_confirm", {
      id: escapeHtml(job.id),
      audience: audienceLabel(ctx, job.audience),
      sent: job.sent,
      total: job.total,
      left: Math.max(0, job.total - reached),
    }),
    InlineKeyboard.from([
      [
        adminButton(
          ctx.t("admin.broadcasts.button_stop"),
          AdminCallbacks.job.encode({ op: "stop", id: job.id }),
        ),
      ],
      [
        adminButton(
          ctx.t("admin.broadcasts.button_keep"),
          AdminCallbacks.job.encode({ op: "keep", id: job.id }),
        ),
      ],
    ]),
  );
}

/** Broadcast commands and buttons (coordinators only; the gate is in front). */
export function adminBroadcastFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature.command("broadcast", (ctx) => startBroadcast(ctx, ctx.match.trim()));
  feature.command("broadcasts", listBroadcasts);
  feature.callbackQuery(AdminCallbacks.editText.pattern, async (ctx, next) => {
    const data = AdminCallbacks.editText.decode(ctx.callbackQuery.data);
    if (!data) return next();
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.conversation.enter(ANNOUNCE_EDIT, data.token);
  });
  feature.callbackQuery(AdminCallbacks.schedule.pattern, async (ctx, next) => {
    const data = AdminCallbacks.schedule.decode(ctx.callbackQuery.data);
    if (!data) return next();
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.conversation.enter(ANNOUNCE_SCHEDULE, data.token);
  });
  feature.callbackQuery(AdminCallbacks.job.pattern, async (ctx, next) => {
    const data = AdminCallbacks.job.decode(ctx.callbackQuery.data);
    if (!data) return next();
    const { op, id } = data;
    const gateway = ctx.deps.admin.broadcasts;
    if (op === "ask_stop") {
      // Stopping is final: ask first, with what it means for the people not reached yet.
      await ctx.answerCallbackQuery();
      await askStop(ctx, id);
      return;
    }
    if (op === "keep") {
      await ctx.answerCallbackQuery({ text: ctx.t("admin.broadcasts.kept") });
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      return;
    }
    if (op === "stop" || op === "unschedule") {
      await ctx.editMessageReplyMarkup().catch(() => undefined);
    }
    const done =
      op === "pause"
        ? await gateway.pause(id)
        : op === "resume"
          ? await gateway.resume(id)
          : await gateway.stop(id); // stop, or unschedule a draft
    const action = {
      pause: "broadcast.pause",
      resume: "broadcast.resume",
      stop: "broadcast.stop",
      unschedule: "broadcast.unschedule",
    }[op];
    if (done && action) {
      const actor = actorOf(ctx);
      await ctx.deps.admin.audit.record(
        { actorId: actor.id, actorName: actor.name, action, target: id },
        ctx.deps.clock.now(),
      );
    }
    await ctx.answerCallbackQuery({
      text: ctx.t(done ? "admin.broadcasts.done" : "admin.broadcasts.not_possible"),
    });
    if (done) await listBroadcasts(ctx);
  });
  return feature;
}
