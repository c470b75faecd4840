/**
 * Talking to a person: "gặp người thật", "tư vấn viên", "talk to a human". The customer gets
 * the programme's contact and "Loa đã chuyển câu hỏi của bạn cho điều phối viên"; the
 * coordinators get the question — in their group (`COORDINATOR_CHAT_ID`) or as direct
 * messages — with "💬 Trả lời". Runs before question understanding, on Telegram and Zalo.
 */
import type { Composer } from "grammy";
import { asksForPerson, type HandoffTicket, type TicketAsker } from "../../domain/admin/handoff.js";
import type { Recipient } from "../../domain/broadcast/types.js";
import { fold } from "../../domain/text/normalize.js";
import type { Lang } from "../../domain/types.js";
import { localized } from "../../presentation/event-card.js";
import { escapeHtml } from "../../presentation/html.js";
import { reply } from "../../presentation/reply.js";
import { AdminCallbacks } from "../admin-callback-data.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { sendReply } from "../telegram-reply.js";
import { shortTime } from "./admin-insights.js";
import { LeanComposer } from "../lean-composer.js";

/** Who gets handoff tickets: the coordinators' group, or every owner and coordinator. */
export async function deskRecipients(deps: BotDeps): Promise<Recipient[]> {
  const group = deps.config.coordinatorChatId;
  if (group) return [{ key: `telegram:${group}`, channel: "telegram", chatId: group, lang: "vi" }];
  const ids = new Set([
    ...deps.admin.roles.owners(),
    ...(await deps.admin.roles.coordinators()).map((a) => a.userId),
  ]);
  return [...ids].map((id) => ({
    key: `telegram:${id}`,
    channel: "telegram" as const,
    chatId: String(id),
    lang: "vi" as const,
  }));
}

/** The ticket as coordinators see it (Vietnamese HTML). */
export function ticketHtml(deps: BotDeps, ticket: HandoffTicket): string {
  const t = deps.i18n.t("vi");
  const askers = ticket.askers.map((asker) =>
    t("desk.ticket_asker", {
      name: escapeHtml(asker.name ?? asker.userKey),
      channel: asker.userKey.split(":")[0] ?? "",
      text: escapeHtml(asker.text.slice(0, 500)),
    }),
  );
  return [
    t(ticket.source === "handoff" ? "desk.ticket_title" : "desk.ticket_title_unanswered", {
      id: ticket.id,
      at: shortTime(ticket.createdAt),
    }),
    ...askers,
    t("desk.ticket_hint"),
  ].join("\n");
}

/** Sends a ticket to the coordinators with "💬 Trả lời" (and "📚 Dạy Loa"), through the engine. */
export async function notifyDesk(deps: BotDeps, ticket: HandoffTicket): Promise<void> {
  const t = deps.i18n.t("vi");
  const recipients = await deskRecipients(deps);
  if (recipients.length === 0) return;
  const { engine } = deps.delivery;
  const job = await engine.create({
    id: `desk-${ticket.id}`,
    audience: { kind: "direct", topic: `handoff:${ticket.id}` },
    recipients,
    content: {
      html: ticketHtml(deps, ticket),
      buttons: [
        [
          {
            label: t("desk.button_reply"),
            callbackData: AdminCallbacks.desk.encode({ mode: "reply", ticket: ticket.id }),
          },
          {
            label: t("desk.button_teach"),
            callbackData: AdminCallbacks.desk.encode({ mode: "teach", ticket: ticket.id }),
          },
        ],
      ],
    },
    createdBy: "loa:desk",
  });
  if (job) await engine.start(job.id);
}

/** What the customer hears: the programmes' contacts and that a person will answer. */
export async function handoffAnswer(
  deps: BotDeps,
  lang: Lang,
  forwarded: boolean,
): Promise<string> {
  const t = deps.i18n.t(lang);
  const contacts = (await deps.admin.programmes.list())
    .filter((p) => p.contact)
    .map((p) =>
      t("desk.contact_line", {
        programme: escapeHtml(localized(p.name, lang)),
        contact: escapeHtml(localized(p.contact ?? { vi: "" }, lang)),
      }),
    );
  return [
    t(forwarded ? "desk.forwarded" : "desk.not_forwarded"),
    ...(contacts.length > 0 ? [t("desk.contacts_title"), ...contacts] : []),
  ].join("\n");
}

/**
 * Hands a customer's question to the coordinators: opens a ticket, tells them, records it in
 * the audit. Returns the HTML to answer the customer with.
 */
export async function handOff(deps: BotDeps, asker: TicketAsker, now: Date): Promise<string> {
  const desk = deps.admin.handoff;
  if (!desk) return handoffAnswer(deps, asker.lang, false);
  const ticket = await desk.open("handoff", [asker], now);
  await deps.admin.audit.record(
    {
      actorId: 0,
      actorName: asker.name,
      action: "handoff.request",
      target: ticket.id,
      after: { userKey: asker.userKey, text: asker.text },
    },
    now,
  );
  await notifyDesk(deps, ticket);
  return handoffAnswer(deps, asker.lang, true);
}

/** True when the text asks for a person (the locale-independent phrase list). */
export function isHandoffRequest(text: string): boolean {
  return asksForPerson(text, fold);
}

/** Customers on Telegram asking for a person. Install before question understanding. */
export function handoffFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature
    .chatType("private")
    .on("message:text")
    .filter((ctx) => !ctx.message.text.startsWith("/") && isHandoffRequest(ctx.message.text))
    .use(async (ctx) => {
      const html = await handOff(
        ctx.deps,
        {
          userKey: ctx.userKey,
          name: [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(" "),
          lang: ctx.lang,
          text: ctx.message.text,
          messageId: String(ctx.message.message_id),
        },
        ctx.deps.clock.now(),
      );
      await sendReply(ctx, reply(html));
    });
  return feature;
}
