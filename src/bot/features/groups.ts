/**
 * Loa in group chats. Questions are answered only when Loa is addressed (a mention or a reply to
 * one of its messages; see questions.ts). What is personal — the eligibility check,
 * subscriptions, /forgetme — happens in a private chat: in a group, those commands and buttons
 * get a deep link (`https://t.me/<bot>?start=<payload>`) that opens the private chat and, via
 * `/start <payload>`, continues there. Payloads beside the poster links of deep-links.ts:
 * `check_<event>`, `rem_<event>`, `subs`, `forgetme`.
 */
import { type Composer, InlineKeyboard } from "grammy";
import { decodeCallback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { CustomerCallbacks } from "../customer-callbacks.js";
import { WIZARD_ACTION } from "../conversations/eligibility.js";
import { CHECK_PAYLOAD, deepLink } from "./deep-links.js";
import { startCheck } from "./eligibility.js";
import { mySubscriptions, subscribeCommand } from "./subscribe.js";
import { LeanComposer } from "../lean-composer.js";

/** Commands that only make sense in a private chat, with the deep-link payload for each. */
const PRIVATE_COMMANDS: Record<string, string> = {
  check: CHECK_PAYLOAD,
  dieukien: CHECK_PAYLOAD,
  subscribe: "subs",
  theodoi: "subs",
  unsubscribe: "subs",
  huytheodoi: "subs",
  mysubs: "subs",
  dangtheodoi: "subs",
  forgetme: "forgetme",
};

const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

/** The deep-link payload for a private-only button, or undefined when it works anywhere. */
function payloadOfButton(data: string | undefined): string | undefined {
  const check = CustomerCallbacks.check.decode(data);
  if (check) return check.event ? `check_${check.event}` : CHECK_PAYLOAD;
  const remind = CustomerCallbacks.remind.decode(data);
  if (remind) return remind.province === undefined ? `rem_${remind.target}` : "subs";
  if (CustomerCallbacks.unsubscribe.decode(data)) return "subs";
  if (CustomerCallbacks.calendar.decode(data)) return CHECK_PAYLOAD;
  if (decodeCallback(data)?.action === WIZARD_ACTION) return CHECK_PAYLOAD;
  return undefined;
}

/** Answers in a group that this continues in a private chat, with the button that opens it. */
export async function sendToPrivate(ctx: BotContext, payload: string): Promise<void> {
  const keyboard = new InlineKeyboard().url(
    ctx.t("groups.open_private"),
    PAYLOAD.test(payload) ? deepLink(ctx.me.username, payload) : `https://t.me/${ctx.me.username}`,
  );
  await ctx.reply(ctx.t("groups.private_only"), {
    reply_markup: keyboard,
    ...(ctx.message ? { reply_parameters: { message_id: ctx.message.message_id } } : {}),
  });
}

/** In groups: private-only commands and buttons answer with a deep link. Install early. */
export function groupRedirects(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  const groups = feature.chatType(["group", "supergroup"]);
  groups.command(Object.keys(PRIVATE_COMMANDS), async (ctx) => {
    const command = ctx.message?.text?.match(/^\/([A-Za-z0-9_]+)/)?.[1]?.toLowerCase() ?? "";
    await sendToPrivate(ctx, PRIVATE_COMMANDS[command] ?? "");
  });
  groups.on("callback_query:data", async (ctx, next) => {
    const payload = payloadOfButton(ctx.callbackQuery.data);
    if (payload === undefined) return next();
    await ctx.answerCallbackQuery({ text: ctx.t("groups.private_only") });
    await sendToPrivate(ctx, payload);
  });
  return feature;
}

/**
 * The private `/start <payload>` that picks up where a group's deep link left off. Install
 * after the eligibility feature (its conversation must be registered to be entered).
 */
export function deepLinkStart(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  const privateChats = feature.chatType("private");
  privateChats.command("start", async (ctx, next) => {
    const payload = ctx.match.trim();
    // `check`, `<event>` and `p_<province>` are the poster links of deep-links.ts (welcome).
    if (payload.startsWith("check_")) return startCheck(ctx, payload.slice("check_".length));
    if (payload.startsWith("rem_")) return subscribeCommand(ctx, payload.slice("rem_".length));
    if (payload === "subs") return mySubscriptions(ctx);
    if (payload === "forgetme") {
      await ctx.reply(ctx.t("groups.forgetme_here"));
      return;
    }
    return next();
  });
  return feature;
}
