import { Composer } from "grammy";
import type { Lang } from "../../domain/types.js";
import { Actions } from "../../presentation/actions.js";
import { choice, reply } from "../../presentation/reply.js";
import { callbackPattern, decodeCallback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { sendReply } from "../telegram-reply.js";

async function setLanguage(ctx: BotContext, lang: Lang): Promise<void> {
  await ctx.deps.users.setLanguage(ctx.userKey, lang, ctx.deps.clock.now());
  ctx.lang = lang;
  ctx.langChosen = true;
  ctx.t = ctx.deps.i18n.t(lang);
  await sendReply(ctx, reply(ctx.t("language.set")));
}

/** /language and the language buttons. */
export function languageFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
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
  feature.callbackQuery(callbackPattern(Actions.language), async (ctx) => {
    await ctx.answerCallbackQuery();
    const wanted = decodeCallback(ctx.callbackQuery.data)?.args[0];
    // The menu button carries no argument: it toggles.
    const lang: Lang =
      wanted === "vi" || wanted === "en" ? wanted : ctx.lang === "vi" ? "en" : "vi";
    await setLanguage(ctx, lang);
  });
  return feature;
}
