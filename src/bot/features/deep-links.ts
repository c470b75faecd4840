/**
 * Deep links (`t.me/<bot>?start=<payload>`, printed on posters, in QR codes and SMS):
 * `<eventId>` opens the event's card, `check` starts the eligibility check, `p_<provinceId>`
 * follows a province. Telegram allows 1–64 characters `A-Za-z0-9_-` in a payload.
 */
import { viewOf } from "../../domain/event-views.js";
import { eventChoices } from "../../presentation/answer.js";
import { eventCard } from "../../presentation/event-card.js";
import { reply } from "../../presentation/reply.js";
import type { BotContext } from "../context.js";
import { ELIGIBILITY_CONVERSATION } from "../conversations/eligibility.js";
import { sendReply } from "../telegram-reply.js";
import { subscribeCommand } from "./subscribe.js";

/** The payload that starts the eligibility check. */
export const CHECK_PAYLOAD = "check";
/** Prefix of the payload that follows a province. */
export const PROVINCE_PAYLOAD_PREFIX = "p_";

/** What a payload asks for; undefined when it is not a deep link we know. */
export type DeepLink =
  | { kind: "event"; eventId: string }
  | { kind: "check" }
  | { kind: "province"; provinceId: string };

/** Reads a `/start` payload (without checking that the event or province exists). */
export function parseDeepLink(payload: string): DeepLink | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(payload)) return undefined;
  if (payload.toLowerCase() === CHECK_PAYLOAD) return { kind: "check" };
  if (payload.startsWith(PROVINCE_PAYLOAD_PREFIX)) {
    return { kind: "province", provinceId: payload.slice(PROVINCE_PAYLOAD_PREFIX.length) };
  }
  return { kind: "event", eventId: payload.toLowerCase() };
}

/** The link that opens `payload` in the bot `username`. */
export function deepLink(username: string, payload: string): string {
  return `https://t.me/${username}?start=${payload}`;
}

/**
 * Opens what a `/start` payload names. Returns false (the ordinary welcome follows) when
 * there is no payload or it names nothing we know.
 */
export async function openDeepLink(ctx: BotContext, payload: string): Promise<boolean> {
  const link = parseDeepLink(payload);
  if (!link) return false;
  if (link.kind === "check") {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(ELIGIBILITY_CONVERSATION);
    return true;
  }
  if (link.kind === "province") {
    const province = ctx.deps.gazetteer.get(link.provinceId);
    if (!province) return false;
    await subscribeCommand(ctx, province.name);
    return true;
  }
  const snapshot = await ctx.deps.qa.snapshot(ctx.deps.clock.now());
  const event = snapshot.events.find((e) => e.id === link.eventId);
  const view = event && viewOf(event, snapshot);
  if (!view) return false;
  await sendReply(ctx, reply(eventCard(view, ctx.t, ctx.lang), eventChoices(view, ctx.t)));
  return true;
}
