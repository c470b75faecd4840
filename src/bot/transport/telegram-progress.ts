/**
 * Keeps a coordinator's status message up to date while a job runs (the engine throttles
 * snapshots to one per few seconds), then posts the final report and, when someone did not get
 * the message, a CSV of them. Every call waits on the channel's global pace like any other send,
 * and on the coordinator's chat's pace in the reply lane: they go to the chat the bot's answers
 * to the coordinator go to, so they share its slots (with several instances, across them).
 */
import { type Api, InlineKeyboard, InputFile } from "grammy";
import { AdminCallbacks } from "../admin-callback-data.js";
import type { Logger } from "pino";
import type { BroadcastEngine } from "../../domain/broadcast/engine.js";
import type { JobProgress, JobRecord } from "../../domain/broadcast/types.js";
import type { I18n } from "../../presentation/i18n.js";
import type { Translate } from "../../presentation/i18n-types.js";

function eta(seconds: number | undefined, t: Translate): string {
  if (seconds === undefined) return t("broadcast.eta_unknown");
  if (seconds < 90) return t("broadcast.eta_seconds", { seconds });
  return t("broadcast.eta_minutes", { minutes: Math.ceil(seconds / 60) });
}

/** The status text of a snapshot. */
export function progressText(p: JobProgress, t: Translate): string {
  const values = { ...p, id: p.jobId.slice(0, 8), eta: eta(p.etaSeconds, t) };
  const receipts = `\n${t("broadcast.no_read_receipts")}\n${t("broadcast.presses_later")}`;
  if (p.final && p.state === "done") return t("broadcast.report_done", values) + receipts;
  if (p.final && p.state === "stopped") return t("broadcast.report_stopped", values) + receipts;
  if (p.final && p.state === "paused") return t("broadcast.paused", values);
  return t("broadcast.progress", values);
}

/** ⏸ / ▶️ and ⏹ on the live status message; none once the job is over. */
function controls(
  p: JobProgress,
  job: JobRecord,
  t: Translate,
): InlineKeyboard | { inline_keyboard: [] } {
  const over = p.final && (p.state === "done" || p.state === "stopped");
  if (over) return { inline_keyboard: [] };
  const paused = p.state === "paused";
  return InlineKeyboard.from([
    [
      InlineKeyboard.text(
        t(paused ? "broadcast.button_resume" : "broadcast.button_pause"),
        AdminCallbacks.job.encode({ op: paused ? "resume" : "pause", id: job.id }),
      ),
      InlineKeyboard.text(
        t("broadcast.button_stop"),
        AdminCallbacks.job.encode({ op: "ask_stop", id: job.id }),
      ),
    ],
  ]);
}

/** Starts following progress; returns a function that waits for pending updates and stops. */
export function followProgressOnTelegram(
  engine: BroadcastEngine,
  api: Api,
  i18n: I18n,
  logger: Logger,
): () => Promise<void> {
  const t = i18n.t("vi");
  const limiter = engine.limiter("telegram");
  const messages = new Map<string, number>();
  let chain: Promise<void> = Promise.resolve();

  const update = async (p: JobProgress, job: JobRecord) => {
    const chatId = job.progressChatId;
    if (!chatId) return;
    const text = progressText(p, t);
    const messageId = messages.get(job.id);
    const extra = { parse_mode: "HTML" as const, reply_markup: controls(p, job, t) };
    await limiter.acquireReply(chatId);
    const grant = await limiter.acquire(undefined);
    try {
      if (messageId === undefined) {
        const sent = await api.sendMessage(chatId, text, extra);
        messages.set(job.id, sent.message_id);
      } else {
        await api.editMessageText(chatId, messageId, text, extra);
      }
    } finally {
      grant.done();
    }
    if (p.final && (p.state === "done" || p.state === "stopped")) {
      messages.delete(job.id);
      const report = await engine.report(job.id);
      if (report?.failedCsv) {
        const count = report.failedCsv.split("\n").length - 1;
        await limiter.acquireReply(chatId);
        const fileGrant = await limiter.acquire(undefined);
        await api
          .sendDocument(
            chatId,
            new InputFile(Buffer.from(report.failedCsv, "utf8"), `failed-${job.id}.csv`),
            { caption: t("broadcast.failed_file", { count }) },
          )
          .finally(() => fileGrant.done());
      }
    }
  };

  const unsubscribe = engine.onProgress((p, job) => {
    chain = chain
      .then(() => update(p, job))
      .catch((error: unknown) =>
        logger.warn({ err: error, job: job.id }, "progress message failed"),
      );
  });
  return async () => {
    unsubscribe();
    await chain;
  };
}
