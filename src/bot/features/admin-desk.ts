/**
 * The coordinators' side of the care desk. "💬 Trả lời" / "📚 Dạy Loa" (under a handoff
 * ticket or an `/unanswered` group) send a force-reply prompt; the coordinator's reply to that
 * prompt goes to every customer of the ticket through Loa (Telegram or Zalo, threaded under
 * their question where the channel can), or becomes an FAQ entry of the programme. Works in
 * a private chat and in the coordinators' group (`COORDINATOR_CHAT_ID`); every answer is
 * audited. Needs no conversation state: the prompt's message id names the ticket, so it
 * survives restarts.
 */
import type { Composer } from "grammy";
import type { HandoffTicket, TicketPrompt } from "../../domain/admin/handoff.js";
import { fold } from "../../domain/text/normalize.js";
import type { FaqEntry } from "../../domain/types.js";
import { namedProgrammes } from "../../domain/understanding/programmes.js";
import { recipientOf } from "../../domain/subscriptions/service.js";
import { escapeHtml } from "../../presentation/html.js";
import { LANGUAGES } from "../../presentation/i18n.js";
import { AdminCallbacks } from "../admin-callback-data.js";
import type { BotContext } from "../context.js";
import { isCoordinator } from "../filters/is-admin.js";
import { actorOf } from "./admin-ui.js";
import { LeanComposer } from "../lean-composer.js";

/** Longest answer we pass on (Telegram's text limit, minus the quoted question). */
const MAX_ANSWER = 3000;

/** True in a private chat or in the configured coordinators' group. */
function inDesk(ctx: BotContext): boolean {
  const chat = ctx.chat;
  if (!chat) return false;
  return chat.type === "private" || String(chat.id) === ctx.deps.config.coordinatorChatId;
}

async function sendPrompt(ctx: BotContext, ticket: HandoffTicket, mode: TicketPrompt["mode"]) {
  const names = ticket.askers.map((a) => a.name ?? a.userKey).join(", ");
  const question = ticket.askers[0]?.text ?? "";
  const prompt = await ctx.reply(
    ctx.t(mode === "reply" ? "desk.prompt_reply" : "desk.prompt_teach", {
      names: escapeHtml(names),
      question: escapeHtml(question.slice(0, 300)),
      count: ticket.askers.length,
    }),
    {
      parse_mode: "HTML",
      reply_markup: {
        force_reply: true,
        input_field_placeholder: ctx.t(
          mode === "reply" ? "desk.placeholder_reply" : "desk.placeholder_teach",
        ),
      },
    },
  );
  await ctx.deps.admin.handoff?.addPrompt(ticket.id, {
    chatId: String(prompt.chat.id),
    messageId: prompt.message_id,
    mode,
    by: ctx.from?.id ?? 0,
  });
}

/** Opens a ticket for an `/unanswered` group (its pending "handled" action holds the ids). */
async function ticketFromUnanswered(
  ctx: BotContext,
  token: string,
): Promise<HandoffTicket | undefined> {
  const { admin } = ctx.deps;
  const pending = await admin.pending.peek(token);
  if (!admin.handoff || !pending || pending.payload.kind !== "unanswered_handled") return undefined;
  const ids = new Set(pending.payload.ids);
  const questions = (await admin.unanswered.open(1000)).filter((q) => ids.has(q.id));
  if (questions.length === 0) return undefined;
  const profiles = await admin.users.getMany([...new Set(questions.map((q) => q.userKey))]);
  return admin.handoff.open(
    "unanswered",
    questions.map((q) => ({
      userKey: q.userKey,
      name: profiles.get(q.userKey)?.name,
      lang: q.lang,
      text: q.text,
    })),
    ctx.deps.clock.now(),
    [...ids],
  );
}

async function deliverReply(ctx: BotContext, ticket: HandoffTicket, text: string) {
  const { admin, delivery } = ctx.deps;
  const profiles = await admin.users.getMany(ticket.askers.map((a) => a.userKey));
  const recipients = ticket.askers.flatMap((asker) => {
    const recipient = recipientOf(asker.userKey, profiles.get(asker.userKey), asker.lang);
    return recipient ? [recipient] : [];
  });
  // Each person's own question is quoted above the answer; on Telegram it is also threaded
  // under their message. One personalised version per asker.
  const contentByVariant: Record<string, { html: string; replyTo?: string }> = {};
  for (const [index, asker] of ticket.askers.entries()) {
    for (const lang of LANGUAGES) {
      const t = ctx.deps.i18n.t(lang);
      contentByVariant[`a${index}:${lang}`] = {
        html: t("desk.reply_to_customer", {
          question: escapeHtml(asker.text.slice(0, 300)),
          answer: escapeHtml(text),
        }),
        ...(asker.messageId && asker.userKey.startsWith("telegram:")
          ? { replyTo: asker.messageId }
          : {}),
      };
    }
  }
  const variantOf = new Map(ticket.askers.map((a, index) => [a.userKey, `a${index}`]));
  const job = await delivery.engine.create({
    audience: { kind: "direct", topic: `reply:${ticket.id}` },
    recipients: recipients.map((r) => ({ ...r, variant: variantOf.get(r.key) })),
    content: contentByVariant[`a0:vi`] ?? { html: escapeHtml(text) },
    contentByVariant,
    createdBy: `telegram:${ctx.from?.id ?? 0}`,
  });
  if (job) await delivery.engine.start(job.id);
  return recipients.length;
}

async function teach(ctx: BotContext, ticket: HandoffTicket, text: string) {
  const { admin } = ctx.deps;
  const programmes = await admin.programmes.list();
  // The programme the question names, else the first one; Loa matches every programme's FAQ.
  const named = ticket.askers.flatMap((a) => namedProgrammes(fold(a.text), programmes));
  const programme = programmes.find((p) => p.id === named[0]) ?? programmes[0];
  if (!programme) return undefined;
  const entry: FaqEntry = {
    id: `faq-${ticket.id}`,
    questions: [...new Set(ticket.askers.map((a) => a.text.trim()))],
    answer: { vi: text },
    addedBy: ctx.from?.id,
    addedAt: ctx.deps.clock.now().toISOString(),
  };
  await admin.programmes.save({
    ...programme,
    faq: [...(programme.faq ?? []).filter((f) => f.id !== entry.id), entry],
  });
  return { programme, entry };
}

/** The answer typed in reply to a prompt. */
async function onAnswer(
  ctx: BotContext,
  ticket: HandoffTicket,
  prompt: TicketPrompt,
  text: string,
) {
  const { admin } = ctx.deps;
  const now = ctx.deps.clock.now();
  const actor = actorOf(ctx);
  const replyTo = { reply_parameters: { message_id: ctx.msg?.message_id ?? 0 } };
  if (text.length > MAX_ANSWER) {
    await ctx.reply(ctx.t("desk.too_long", { max: MAX_ANSWER }), replyTo);
    return;
  }
  const names = escapeHtml(ticket.askers.map((a) => a.name ?? a.userKey).join(", "));
  let done: string;
  if (prompt.mode === "reply") {
    const reached = await deliverReply(ctx, ticket, text);
    done = ctx.t("desk.replied", { names, count: reached });
  } else {
    const taught = await teach(ctx, ticket, text);
    if (!taught) {
      await ctx.reply(ctx.t("desk.no_programme"), replyTo);
      return;
    }
    done = ctx.t("desk.taught", {
      question: escapeHtml(taught.entry.questions[0] ?? ""),
      count: taught.entry.questions.length,
    });
  }
  await admin.handoff?.addReply(ticket.id, {
    at: now.toISOString(),
    by: actor.id,
    byName: actor.name,
    text,
    mode: prompt.mode,
  });
  if (ticket.unansweredIds?.length) {
    await admin.unanswered.markHandled(ticket.unansweredIds, now.toISOString());
  }
  await admin.audit.record(
    {
      actorId: actor.id,
      actorName: actor.name,
      action: prompt.mode === "reply" ? "handoff.reply" : "faq.add",
      target: ticket.id,
      after: { to: ticket.askers.map((a) => a.userKey), text },
    },
    now,
  );
  await ctx.reply(done, { parse_mode: "HTML", ...replyTo });
}

/** The coordinators' desk. Install before the coordinator feature (it also works in the group). */
export function deskFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  const desk = feature.filter(inDesk);
  desk.callbackQuery(AdminCallbacks.desk.pattern, async (ctx, next) => {
    const data = AdminCallbacks.desk.decode(ctx.callbackQuery.data);
    if (!data || !(await isCoordinator(ctx))) return next();
    const ticket = await ctx.deps.admin.handoff?.get(data.ticket);
    if (!ticket) {
      await ctx.answerCallbackQuery({ text: ctx.t("admin.confirm.expired"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await sendPrompt(ctx, ticket, data.mode);
  });
  desk.callbackQuery(AdminCallbacks.deskUnanswered.pattern, async (ctx, next) => {
    const data = AdminCallbacks.deskUnanswered.decode(ctx.callbackQuery.data);
    if (!data || !(await isCoordinator(ctx))) return next();
    const ticket = await ticketFromUnanswered(ctx, data.token);
    if (!ticket) {
      await ctx.answerCallbackQuery({ text: ctx.t("admin.confirm.expired"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await sendPrompt(ctx, ticket, data.mode);
  });
  desk.on("message:text", async (ctx, next) => {
    const repliedTo = ctx.message.reply_to_message;
    const desk = ctx.deps.admin.handoff;
    if (!repliedTo || !desk || ctx.message.text.startsWith("/")) return next();
    const chatId = String(ctx.chat.id);
    const ticket = await desk.byPrompt(chatId, repliedTo.message_id);
    const prompt = ticket?.prompts.find(
      (p) => p.chatId === chatId && p.messageId === repliedTo.message_id,
    );
    if (!ticket || !prompt || !(await isCoordinator(ctx))) return next();
    await onAnswer(ctx, ticket, prompt, ctx.message.text.trim());
  });
  return feature;
}
