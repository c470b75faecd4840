import type { Composer } from "grammy";
import type { Lang } from "../../domain/types.js";
import { Actions } from "../../presentation/actions.js";
import { choice, reply } from "../../presentation/reply.js";
import type { BotContext } from "../context.js";
import { CustomerCallbacks } from "../customer-callbacks.js";
import { sendReply } from "../telegram-reply.js";
import { LeanComposer } from "../lean-composer.js";

async function setLanguage(ctx: BotContext, lang: Lang): Promise<void> {
  await ctx.deps.users.setLanguage(ctx.userKey, lang, ctx.deps.clock.now());
  ctx.lang = lang;
  ctx.langChosen = true;
  ctx.t = ctx.deps.i18n.t(lang);
  await sendReply(ctx, reply(ctx.t("language.set")));
}

/** /language and the language buttons. */
export function languageFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature.command("language", (ctx) =>
    sendReply(
      ctx,
      reply(ctx.t("language.choose"), [
        [
          choice(ctx.t("language.vi"), Actions.language, "vi"),
          choice(ctx.t("language.en"), Actions.language, "en"),
        ],
      ]),
    ),
  );
  const { language } = CustomerCallbacks;
  feature.callbackQuery(language.pattern, async (ctx, next) => {
    const decoded = language.decode(ctx.callbackQuery.data);
    if (!decoded) return next();
    await ctx.answerCallbackQuery();
    // The menu button carries no argument: it toggles.
    const lang: Lang = decoded.lang ?? (ctx.lang === "vi" ? "en" : "vi");
    await setLanguage(ctx, lang);
  });
  return feature;
}
