/**
 * Counting who pressed a button of a broadcast afterwards (Telegram reports no reads, so a
 * press is the only sign a message was looked at). The Telegram transport tags each button
 * of a job's message with the job id; this middleware, in front of every feature, records the
 * press for the job and strips the tag, so the features see the button's own data.
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";

const TAG = "J|";
const MAX_BYTES = 64;

/**
 * `data` tagged with `jobId`; `data` unchanged when the tag would not fit Telegram's 64 bytes
 * (that button's presses are then not counted) or the id could be mistaken for the separator.
 */
export function tagCallback(jobId: string, data: string): string {
  if (jobId.includes("|")) return data;
  const tagged = `${TAG}${jobId}|${data}`;
  return Buffer.byteLength(tagged, "utf8") <= MAX_BYTES ? tagged : data;
}

/** The job and the button's own data of tagged callback data; undefined when not tagged. */
export function untagCallback(
  data: string | undefined,
): { jobId: string; data: string } | undefined {
  if (!data?.startsWith(TAG)) return undefined;
  const end = data.indexOf("|", TAG.length);
  if (end <= TAG.length) return undefined;
  return { jobId: data.slice(TAG.length, end), data: data.slice(end + 1) };
}

/** Records presses of tagged broadcast buttons, then lets the untagged press run as usual. */
export function broadcastPresses(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const query = ctx.callbackQuery;
    const tagged = untagCallback(query?.data);
    if (query && tagged) {
      query.data = tagged.data;
      // Counting must never cost the person their answer.
      await ctx.deps.delivery.engine
        .recordPress(tagged.jobId, `telegram:${query.from.id}`)
        .catch((err: unknown) => ctx.log.warn({ err, job: tagged.jobId }, "press not counted"));
    }
    await next();
  };
}
