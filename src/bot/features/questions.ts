import type { Composer } from "grammy";
import { renderAnswer } from "../../presentation/answer.js";
import { reply } from "../../presentation/reply.js";
import { MAX_QUESTION_CHARS } from "../../domain/services/qa-service.js";
import type { BotContext } from "../context.js";
import { sendReply } from "../telegram-reply.js";
import { sendToPrivate } from "./groups.js";
import { subscribeCommand, unsubscribeCommand } from "./subscribe.js";
import { LeanComposer } from "../lean-composer.js";

/**
 * The question in a message: all of it in a private chat; in a group only when Loa is addressed
 * (its @username mentioned, or a reply to one of its messages), without the mention. Undefined
 * when the message is not for Loa.
 */
function questionText(ctx: BotContext): string | undefined {
  const text = ctx.message?.text;
  if (text === undefined) return undefined;
  if (ctx.chat?.type === "private") return text;
  const mention = `@${ctx.me.username}`;
  const mentioned = text.toLowerCase().includes(mention.toLowerCase());
  const repliedToLoa = ctx.message?.reply_to_message?.from?.id === ctx.me.id;
  if (!mentioned && !repliedToLoa) return undefined;
  // Usernames are [A-Za-z0-9_]: safe in a pattern as they are.
  return text.replace(new RegExp(mention, "gi"), "").trim();
}

/**
 * Free-text questions in private chats, and in groups when Loa is addressed: understood,
 * answered, remembered for follow-ups.
 */
export function questionsFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature
    .on("message:text")
    .filter((ctx) => !ctx.message.text.startsWith("/") && questionText(ctx) !== undefined)
    .use(async (ctx) => {
      const text = questionText(ctx) ?? "";
      if (text.trim().length === 0) {
        await sendReply(ctx, reply(ctx.t("answer.empty")));
        return;
      }
      const result = await ctx.deps.qa.ask({
        text,
        userKey: ctx.userKey,
        lang: ctx.lang,
        previous: ctx.session.dialogue,
        now: ctx.deps.clock.now(),
      });
      if (result.context) ctx.session.dialogue = result.context;
      if (
        (result.answer.kind === "subscribe" || result.answer.kind === "unsubscribe") &&
        ctx.chat.type !== "private"
      ) {
        await sendToPrivate(ctx, "subs");
        return;
      }
      if (result.answer.kind === "subscribe" || result.answer.kind === "unsubscribe") {
        // "remind me when it comes to <province>", "tell me the date": the province named, else the one
        // talked about just before, else a choice.
        const subscribing = result.answer.kind === "subscribe";
        const provinceId =
          result.answer.provinceIds[0] ??
          (subscribing ? ctx.session.dialogue?.provinceIds[0] : undefined);
        const name = provinceId ? (ctx.deps.gazetteer.get(provinceId)?.name ?? "") : "";
        const act = subscribing ? subscribeCommand : unsubscribeCommand;
        await act(ctx, name);
        return;
      }
      // An English question gets an English answer unless the user chose a language.
      const lang = !ctx.langChosen && result.understanding.lang === "en" ? "en" : ctx.lang;
      const t = ctx.deps.i18n.t(lang);
      const rendered = renderAnswer(result.answer, t, lang, (id) => {
        const province = ctx.deps.gazetteer.get(id);
        return province && (lang === "en" ? province.asciiName : province.name);
      });
      if (text.length > MAX_QUESTION_CHARS)
        rendered.html = `${t("answer.too_long")}\n\n${rendered.html}`;
      await sendReply(ctx, rendered);
    });
  return feature;
}
