/** `/unanswered` (grouped, mark handled), `/stats`, `/audit`. */
import { AdminCallbacks } from "../admin-callback-data.js";
import { type Composer, InlineKeyboard } from "grammy";
import { describeValue } from "../../domain/admin/audit.js";
import { changedFields, fieldValue } from "../../domain/admin/event-editing.js";
import { activeSince, computeStats } from "../../domain/admin/stats.js";
import { foldBasic } from "../../domain/admin/parse.js";
import { groupUnanswered } from "../../domain/admin/unanswered.js";
import type { AuditEntry } from "../../domain/admin/types.js";
import { formatDayMonthYear, VIETNAM_OFFSET_MS } from "../../domain/calendar.js";
import type { CommunityEvent } from "../../domain/types.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { adminButton, sendHtml } from "./admin-ui.js";
import { LeanComposer } from "../lean-composer.js";

/** The newest open questions `/unanswered` groups (older ones show once these are handled). */
const OPEN_QUESTIONS_GROUPED = 2000;
/** Verdicts with a label under `admin.stats.verdict`. */
const KNOWN_VERDICTS = new Set(["eligible", "partly", "not_eligible", "no_event_here"]);

/** "30/10 09:15" in Vietnam time. */
export function shortTime(iso: string): string {
  const local = new Date(Date.parse(iso) + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)} ${local.slice(11, 16)}`;
}

/** Open unanswered questions grouped by wording, with a "handled" button per group. */
export async function showUnanswered(ctx: BotContext): Promise<void> {
  const admin = ctx.deps.admin;
  const groups = groupUnanswered(
    await admin.unanswered.open(OPEN_QUESTIONS_GROUPED),
    foldBasic,
  ).slice(0, 10);
  if (groups.length === 0) {
    await sendHtml(ctx, ctx.t("admin.unanswered.none"));
    return;
  }
  const now = ctx.deps.clock.now();
  const lines: string[] = [];
  const buttons = [];
  for (const [index, group] of groups.entries()) {
    lines.push(
      ctx.t("admin.unanswered.line", {
        n: index + 1,
        times: group.count,
        last: shortTime(group.lastAt),
        text: escapeHtml(describeValue(group.sample, 160)),
      }),
    );
    const token = await admin.pending.create(
      ctx.from?.id ?? 0,
      { kind: "unanswered_handled", ids: group.ids },
      now,
    );
    // Handled, answer the people who asked, or teach Loa the answer (FAQ).
    buttons.push([
      adminButton(`✅ ${index + 1}`, AdminCallbacks.confirm.encode({ token })),
      adminButton(
        ctx.t("desk.button_reply_n", { n: index + 1 }),
        AdminCallbacks.deskUnanswered.encode({ mode: "reply", token }),
      ),
      adminButton(
        ctx.t("desk.button_teach_n", { n: index + 1 }),
        AdminCallbacks.deskUnanswered.encode({ mode: "teach", token }),
      ),
    ]);
  }
  const rows = buttons;
  await sendHtml(
    ctx,
    [ctx.t("admin.unanswered.title"), ...lines, "", ctx.t("admin.unanswered.hint")].join("\n"),
    InlineKeyboard.from(rows),
  );
}

/** Users, activity, questions, subscribers per event, eligibility outcomes, blocked users. */
export async function showStats(ctx: BotContext): Promise<void> {
  const admin = ctx.deps.admin;
  const [users, unanswered, events, subscribersByEvent, eligibilityOutcomes] = await Promise.all([
    admin.users.stats(activeSince(ctx.deps.clock.now())),
    admin.unanswered.counts(),
    admin.events.list(),
    admin.subscriptions.subscriberCounts(),
    admin.eligibility.outcomes(),
  ]);
  const stats = computeStats({
    users,
    unanswered,
    events,
    subscribersByEvent,
    eligibilityOutcomes,
    questionDays: await admin.questionTally?.days(),
  });
  const perEvent = stats.subscribersPerEvent.map((row) =>
    ctx.t("admin.stats.event_line", { id: escapeHtml(row.eventId), subs: row.count }),
  );
  // Every label translated: outcome keys are data ids, never shown raw.
  const outcomes = Object.entries(stats.eligibility).map(([verdict, count]) =>
    ctx.t("admin.stats.outcome_line", {
      outcome: ctx.t(
        KNOWN_VERDICTS.has(verdict)
          ? `admin.stats.verdict.${verdict}`
          : "admin.stats.verdict.other",
      ),
      count,
    }),
  );
  const perDay = stats.questionsPerDay.map((day) =>
    ctx.t("admin.stats.day_line", {
      day: formatDayMonthYear(day.day).slice(0, 5),
      answered: day.answered,
      unanswered: day.unanswered,
    }),
  );
  await sendHtml(
    ctx,
    [
      ctx.t("admin.stats.summary", {
        users: stats.users,
        active: stats.active7d,
        blocked: stats.blocked,
        unanswered: stats.unanswered,
        open: stats.openUnanswered,
        questions: stats.questions ?? "—",
        answered: stats.answered ?? "—",
        rate: stats.answeredRate === undefined ? "—" : `${Math.round(stats.answeredRate * 100)}%`,
      }),
      ...(perDay.length > 0 ? [ctx.t("admin.stats.per_day"), ...perDay] : []),
      ctx.t("admin.stats.subscribers"),
      ...perEvent,
      ctx.t("admin.stats.eligibility"),
      ...(outcomes.length > 0 ? outcomes : [ctx.t("admin.stats.not_available")]),
    ].join("\n"),
  );
}

function isEvent(value: unknown): value is CommunityEvent {
  return typeof value === "object" && value !== null && "date" in value && "version" in value;
}

function change(ctx: BotContext, entry: AuditEntry): string {
  const { before, after } = entry;
  if (isEvent(before) && isEvent(after)) {
    return changedFields(before, after)
      .map(
        (f) =>
          `   ${ctx.t(`admin.field.${f}`)}: ${escapeHtml(fieldValue(before, f) || "—")} → ${escapeHtml(fieldValue(after, f) || "—")}`,
      )
      .join("\n");
  }
  if (before === undefined && after === undefined) return "";
  return `   ${escapeHtml(describeValue(before))} → ${escapeHtml(describeValue(after))}`;
}

/** The last changes: who, when, what, before → after. */
export async function showAudit(ctx: BotContext): Promise<void> {
  const entries = await ctx.deps.admin.audit.recent(15);
  if (entries.length === 0) {
    await sendHtml(ctx, ctx.t("admin.audit.none"));
    return;
  }
  const lines = entries.map((entry) =>
    [
      `• ${shortTime(entry.at)} · ${escapeHtml(entry.actorName ?? "")} (<code>${entry.actorId}</code>) · <b>${escapeHtml(entry.action)}</b> ${escapeHtml(entry.target ?? "")}`,
      change(ctx, entry),
    ]
      .filter(Boolean)
      .join("\n"),
  );
  // Stay under Telegram's 4096-character limit: drop the oldest lines first.
  while (lines.length > 1 && [ctx.t("admin.audit.title"), ...lines].join("\n").length > 4000) {
    lines.pop();
  }
  await sendHtml(ctx, [ctx.t("admin.audit.title"), ...lines].join("\n"));
}

/** Insight commands (coordinators only; the gate is in front). */
export function adminInsightsFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature.command("unanswered", showUnanswered);
  feature.command("stats", showStats);
  feature.command("audit", showAudit);
  return feature;
}
