import type { Composer } from "grammy";
import { Actions } from "../../presentation/actions.js";
import { escapeHtml } from "../../presentation/html.js";
import { choice, reply } from "../../presentation/reply.js";
import type { Translate } from "../../presentation/i18n-types.js";
import type { BotContext } from "../context.js";
import { CustomerCallbacks } from "../customer-callbacks.js";
import { sendReply } from "../telegram-reply.js";
import { openDeepLink } from "./deep-links.js";
import { LeanComposer } from "../lean-composer.js";

/** The main menu shown on /start. */
export function mainMenu(t: Translate) {
  return [
    [choice(t("menu.events"), Actions.events), choice(t("menu.check"), Actions.check)],
    [
      choice(t("menu.services"), Actions.ask, "services"),
      choice(t("menu.cost"), Actions.ask, "cost"),
    ],
    [choice(t("menu.help"), Actions.help), choice(t("menu.language"), Actions.language)],
  ];
}

/** /start and /help. */
export function welcomeFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  const privateChats = feature.chatType("private");
  privateChats.command("start", async (ctx) => {
    ctx.session.dialogue = undefined;
    // Deep links from posters, QR codes and SMS: t.me/<bot>?start=<payload>.
    if (await openDeepLink(ctx, ctx.match.trim())) return;
    const name = escapeHtml(ctx.from.first_name ?? "");
    await sendReply(ctx, reply(ctx.t("start.welcome", { name }), mainMenu(ctx.t)));
  });
  feature.command("help", (ctx) => sendReply(ctx, reply(ctx.t("help.text"), mainMenu(ctx.t))));
  const { help } = CustomerCallbacks;
  feature.callbackQuery(help.pattern, async (ctx, next) => {
    if (!help.decode(ctx.callbackQuery.data)) return next();
    await ctx.answerCallbackQuery();
    await sendReply(ctx, reply(ctx.t("help.text")));
  });
  return feature;
}
