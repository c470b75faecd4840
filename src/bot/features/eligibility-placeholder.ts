import { Composer } from "grammy";
import { answer } from "../../domain/answers.js";
import { Actions } from "../../presentation/actions.js";
import { renderAnswer } from "../../presentation/answer.js";
import { callbackPattern } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { sendReply } from "../telegram-reply.js";

/** Until the guided check exists: the check button explains who may come. */
export function eligibilityPlaceholderFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const explain = async (ctx: BotContext) => {
    const snapshot = await ctx.deps.qa.snapshot(ctx.deps.clock.now());
    const result = answer(
      { intent: "eligibility", provinceIds: [], lang: ctx.lang, followUp: false, confidence: 1 },
      snapshot,
    );
    const rendered = renderAnswer(result, ctx.t, ctx.lang);
    await sendReply(ctx, { ...rendered, choices: [] });
  };
  feature.command(["check", "dieukien"], explain);
  feature.callbackQuery(callbackPattern(Actions.check), async (ctx) => {
    await ctx.answerCallbackQuery();
    await explain(ctx);
  });
  return feature;
}
