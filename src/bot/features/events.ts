import type { Composer } from "grammy";
import { answer } from "../../domain/answers.js";
import { viewOf } from "../../domain/event-views.js";
import type { Understanding } from "../../domain/understanding/intents.js";
import { renderAnswer } from "../../presentation/answer.js";
import type { BotContext } from "../context.js";
import { CustomerCallbacks } from "../customer-callbacks.js";
import { sendReply } from "../telegram-reply.js";
import { LeanComposer } from "../lean-composer.js";

function ask(intent: Understanding["intent"], ctx: BotContext): Understanding {
  return { intent, provinceIds: [], lang: ctx.lang, followUp: false, confidence: 1 };
}

async function replyWith(ctx: BotContext, intent: Understanding["intent"]): Promise<void> {
  const snapshot = await ctx.deps.qa.snapshot(ctx.deps.clock.now());
  await sendReply(ctx, renderAnswer(answer(ask(intent, ctx), snapshot), ctx.t, ctx.lang));
}

/** /events (/lich), the events and canned-question buttons, and map pins. */
export function eventsFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature.command(["events", "lich"], (ctx) => replyWith(ctx, "list_events"));
  const { events, ask: askButton, map } = CustomerCallbacks;
  feature.callbackQuery(events.pattern, async (ctx, next) => {
    if (!events.decode(ctx.callbackQuery.data)) return next();
    await ctx.answerCallbackQuery();
    await replyWith(ctx, "list_events");
  });
  feature.callbackQuery(askButton.pattern, async (ctx, next) => {
    const decoded = askButton.decode(ctx.callbackQuery.data);
    if (!decoded) return next();
    await ctx.answerCallbackQuery();
    await replyWith(ctx, decoded.topic);
  });
  feature.callbackQuery(map.pattern, async (ctx, next) => {
    const id = map.decode(ctx.callbackQuery.data)?.event;
    if (!id) return next();
    const snapshot = await ctx.deps.qa.snapshot(ctx.deps.clock.now());
    const event = snapshot.events.find((e) => e.id === id);
    const view = event && viewOf(event, snapshot);
    if (!view) {
      await ctx.answerCallbackQuery({ text: ctx.t("answer.event_gone"), show_alert: true });
      return;
    }
    if (!view.event.location) {
      await ctx.answerCallbackQuery({ text: ctx.t("answer.map_none") });
      return;
    }
    await ctx.answerCallbackQuery();
    const { latitude, longitude } = view.event.location;
    const title = ctx.lang === "en" ? view.province.asciiName : view.province.name;
    await ctx.replyWithVenue(
      latitude,
      longitude,
      view.event.venueName ?? title,
      view.event.address ?? title,
    );
  });
  return feature;
}
