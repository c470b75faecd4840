/**
 * Subscriptions on Telegram: the "🔔 Nhắc tôi" button, `/subscribe` (`/theodoi`) with an
 * optional province or event, `/unsubscribe` (`/huytheodoi`) and `/mysubs`.
 */
import type { Composer } from "grammy";
import type { CatalogueSnapshot } from "../../domain/event-views.js";
import { upcomingViews, viewOf } from "../../domain/event-views.js";
import type { Subscription } from "../../domain/ports.js";
import type { SubscribeResult } from "../../domain/subscriptions/service.js";
import { Actions } from "../../presentation/actions.js";
import { formatDayMonthYear } from "../../domain/calendar.js";
import { escapeHtml } from "../../presentation/html.js";
import { choice, reply, type Choice } from "../../presentation/reply.js";
import { CustomerCallbacks } from "../customer-callbacks.js";
import type { BotContext } from "../context.js";
import { sendReply } from "../telegram-reply.js";
import { reminderTimes } from "./reminders-content.js";
import { LeanComposer } from "../lean-composer.js";

/** Callback action: stop one subscription (`e`/`p` + target) or all (`a`). */
export const UNSUBSCRIBE_ACTION = CustomerCallbacks.unsubscribe.action;
const ALL_WORDS = /^(all|tat ca|tất cả|het|hết)$/i;

function provinceName(ctx: BotContext, id: string): string {
  const province = ctx.deps.gazetteer.get(id);
  if (!province) return id;
  return ctx.lang === "en" ? province.asciiName : province.name;
}

function label(
  ctx: BotContext,
  sub: Pick<Subscription, "kind" | "target">,
  snapshot: CatalogueSnapshot,
): string {
  if (sub.kind === "province") {
    return ctx.t("subscribe.label_province", { province: provinceName(ctx, sub.target) });
  }
  const event = snapshot.events.find((e) => e.id === sub.target);
  if (!event) return ctx.t("subscribe.unknown_event_label", { id: sub.target });
  return ctx.t("subscribe.label_event", {
    province: provinceName(ctx, event.provinceId),
    date: formatDayMonthYear(event.date),
  });
}

const snapshotOf = (ctx: BotContext) => ctx.deps.qa.snapshot(ctx.deps.clock.now());

async function answerEvent(ctx: BotContext, eventId: string): Promise<void> {
  const { clock } = ctx.deps;
  const { subscriptions } = ctx.deps.delivery;
  const result = await subscriptions.subscribeEvent(ctx.userKey, eventId, ctx.lang, clock.now());
  if (!result.ok) {
    await sendReply(
      ctx,
      reply(
        ctx.t(result.reason === "event_over" ? "subscribe.event_over" : "subscribe.event_unknown"),
      ),
    );
    return;
  }
  const snapshot = await snapshotOf(ctx);
  const event = snapshot.events.find((e) => e.id === eventId);
  const view = event && viewOf(event, snapshot);
  const times = reminderTimes(ctx.deps.delivery.settings.reminders.slots, ctx.t);
  const values = {
    province: escapeHtml(view ? provinceName(ctx, view.event.provinceId) : eventId),
    date: view ? formatDayMonthYear(view.event.date) : "",
    times,
  };
  await sendReply(
    ctx,
    reply(ctx.t(result.created ? "subscribe.event_done" : "subscribe.event_already", values), [
      [choice(ctx.t("subscribe.button_unsubscribe"), UNSUBSCRIBE_ACTION, "e", eventId)],
    ]),
  );
}

async function answerProvince(
  ctx: BotContext,
  result: SubscribeResult,
  provinceId: string,
): Promise<void> {
  const province = escapeHtml(provinceName(ctx, provinceId));
  const key =
    result.ok && !result.created ? "subscribe.province_already" : "subscribe.province_done";
  await sendReply(
    ctx,
    reply(ctx.t(key, { province }), [
      [choice(ctx.t("subscribe.button_unsubscribe"), UNSUBSCRIBE_ACTION, "p", provinceId)],
    ]),
  );
}

/** Subscribes to what `text` names (province or event id), or offers a choice when empty. */
export async function subscribeCommand(ctx: BotContext, text: string): Promise<void> {
  const { clock } = ctx.deps;
  const { subscriptions } = ctx.deps.delivery;
  if (!text) {
    const snapshot = await snapshotOf(ctx);
    const open = upcomingViews(snapshot).slice(0, 8);
    const rows: Choice[][] = open.map((view) => [
      choice(
        ctx.t("subscribe.button_event", {
          province: provinceName(ctx, view.event.provinceId),
          date: formatDayMonthYear(view.event.date),
        }),
        Actions.remind,
        view.event.id,
      ),
    ]);
    await sendReply(
      ctx,
      reply(ctx.t(open.length > 0 ? "subscribe.pick" : "subscribe.pick_none"), rows),
    );
    return;
  }
  const target = await subscriptions.resolveTarget(text);
  if (!target) {
    await sendReply(ctx, reply(ctx.t("subscribe.not_understood", { text: escapeHtml(text) })));
    return;
  }
  if (target.kind === "event") {
    await answerEvent(ctx, target.event.id);
    return;
  }
  const id = target.province.id;
  await answerProvince(
    ctx,
    await subscriptions.subscribeProvince(ctx.userKey, id, ctx.lang, clock.now()),
    id,
  );
}

/** `/mysubs`: what the user follows, with buttons to stop. */
export async function mySubscriptions(ctx: BotContext): Promise<void> {
  const subs = await ctx.deps.delivery.subscriptions.listFor(ctx.userKey);
  if (subs.length === 0) {
    await sendReply(ctx, reply(ctx.t("subscribe.mine_none")));
    return;
  }
  const snapshot = await snapshotOf(ctx);
  const lines = subs.map((sub) =>
    sub.kind === "province"
      ? ctx.t("subscribe.mine_province", { province: escapeHtml(provinceName(ctx, sub.target)) })
      : `• 🗓 ${escapeHtml(label(ctx, sub, snapshot))}`,
  );
  await sendReply(
    ctx,
    reply([ctx.t("subscribe.mine_title"), ...lines, "", ctx.t("subscribe.mine_hint")].join("\n")),
  );
}

/** Unsubscribes from what `text` names, or lists subscriptions to remove when empty. */
export async function unsubscribeCommand(ctx: BotContext, text: string): Promise<void> {
  const { subscriptions } = ctx.deps.delivery;
  const snapshot = await snapshotOf(ctx);
  if (ALL_WORDS.test(text)) {
    const count = await subscriptions.unsubscribeAll(ctx.userKey);
    await sendReply(ctx, reply(ctx.t("subscribe.removed_all", { count })));
    return;
  }
  const subs = await subscriptions.listFor(ctx.userKey);
  if (!text) {
    if (subs.length === 0) {
      await sendReply(ctx, reply(ctx.t("subscribe.mine_none")));
      return;
    }
    const rows = subs
      .slice(0, 10)
      .map((sub) => [
        choice(
          ctx.t("subscribe.button_remove", { label: label(ctx, sub, snapshot) }),
          UNSUBSCRIBE_ACTION,
          sub.kind === "event" ? "e" : "p",
          sub.target,
        ),
      ]);
    rows.push([choice(ctx.t("subscribe.button_remove_all"), UNSUBSCRIBE_ACTION, "a")]);
    await sendReply(ctx, reply(ctx.t("subscribe.unsubscribe_pick"), rows));
    return;
  }
  const target = await subscriptions.resolveTarget(text);
  if (!target) {
    await sendReply(ctx, reply(ctx.t("subscribe.not_understood", { text: escapeHtml(text) })));
    return;
  }
  await removeOne(
    ctx,
    target.kind,
    target.kind === "event" ? target.event.id : target.province.id,
    snapshot,
  );
}

async function removeOne(
  ctx: BotContext,
  kind: Subscription["kind"],
  target: string,
  snapshot: CatalogueSnapshot,
): Promise<void> {
  const { gazetteer } = ctx.deps;
  const { subscriptions } = ctx.deps.delivery;
  let removed = await subscriptions.unsubscribe(ctx.userKey, kind, target);
  if (kind === "province") {
    // A former province's name also stops a subscription made with its current unit's name,
    // and the other way round.
    const current = gazetteer.currentOf(target)?.id;
    for (const sub of await subscriptions.listFor(ctx.userKey)) {
      if (sub.kind === "province" && gazetteer.currentOf(sub.target)?.id === current) {
        removed = (await subscriptions.unsubscribe(ctx.userKey, "province", sub.target)) || removed;
      }
    }
  }
  const text = escapeHtml(label(ctx, { kind, target }, snapshot));
  await sendReply(
    ctx,
    reply(ctx.t(removed ? "subscribe.removed" : "subscribe.not_subscribed", { label: text })),
  );
}

/** Subscribe, unsubscribe and list, by command and by button. */
export function subscribeFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  const { remind, unsubscribe } = CustomerCallbacks;
  feature.callbackQuery(remind.pattern, async (ctx, next) => {
    const decoded = remind.decode(ctx.callbackQuery.data);
    if (!decoded) return next();
    await ctx.answerCallbackQuery();
    const { target: first, province: provinceId } = decoded;
    // `rem:p:<province>` follows a province (from the eligibility result); `rem:<event>` an event.
    if (first === "p" && provinceId && ctx.deps.gazetteer.get(provinceId)) {
      const { subscriptions } = ctx.deps.delivery;
      await answerProvince(
        ctx,
        await subscriptions.subscribeProvince(
          ctx.userKey,
          provinceId,
          ctx.lang,
          ctx.deps.clock.now(),
        ),
        provinceId,
      );
      return;
    }
    await answerEvent(ctx, first);
  });
  feature.callbackQuery(unsubscribe.pattern, async (ctx, next) => {
    const decoded = unsubscribe.decode(ctx.callbackQuery.data);
    if (!decoded) return next();
    await ctx.answerCallbackQuery();
    const { kind, target = "" } = decoded;
    if (kind === "a") {
      const count = await ctx.deps.delivery.subscriptions.unsubscribeAll(ctx.userKey);
      await sendReply(ctx, reply(ctx.t("subscribe.removed_all", { count })));
      return;
    }
    await removeOne(ctx, kind === "p" ? "province" : "event", target, await snapshotOf(ctx));
  });
  feature.command(["subscribe", "theodoi"], (ctx) => subscribeCommand(ctx, ctx.match.trim()));
  feature.command(["unsubscribe", "huytheodoi"], (ctx) =>
    unsubscribeCommand(ctx, ctx.match.trim()),
  );
  feature.command(["mysubs", "dangtheodoi"], mySubscriptions);
  return feature;
}
