/** The end of the eligibility check: verdict, event, what to bring, buttons. */
import type { Conversation } from "@grammyjs/conversations";
import { type Answers, evaluate } from "../../domain/eligibility/engine.js";
import type { EligibilityRules } from "../../domain/eligibility/rules.js";
import {
  type CatalogueSnapshot,
  type EventView,
  upcomingViews,
  viewsInProvince,
} from "../../domain/event-views.js";
import type { Gazetteer } from "../../domain/gazetteer.js";
import type { CommunityEvent, GeoPoint, Programme } from "../../domain/types.js";
import { Actions } from "../../presentation/actions.js";
import { eventCard, localized } from "../../presentation/event-card.js";
import { escapeHtml } from "../../presentation/html.js";
import { type Choice, choice, reply } from "../../presentation/reply.js";
import type { BotContext } from "../context.js";
import { sendReply } from "../telegram-reply.js";

/** The serialisable part of a catalogue snapshot (conversation replays store it). */
export interface PlainSnapshot {
  events: CommunityEvent[];
  programmes: Programme[];
  today: string;
}

/** Reads the catalogue as plain data. */
export async function plainSnapshot(ctx: BotContext, now: Date): Promise<PlainSnapshot> {
  const snapshot = await ctx.deps.qa.snapshot(now);
  return {
    events: [...snapshot.events],
    programmes: [...snapshot.programmes],
    today: snapshot.today,
  };
}

/** Rebuilds a snapshot from plain data. */
export function snapshotFrom(plain: PlainSnapshot, gazetteer: Gazetteer): CatalogueSnapshot {
  return { ...plain, gazetteer };
}

function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}

/** The upcoming event nearest to a province (by administrative centres), if any. */
export function nearestEvent(
  snapshot: CatalogueSnapshot,
  provinceId: string,
): EventView | undefined {
  const from = snapshot.gazetteer.get(provinceId)?.centre;
  const open = upcomingViews(snapshot);
  if (!from) return open[0];
  let best: { view: EventView; km: number } | undefined;
  for (const view of open) {
    const centre = view.event.location ?? view.province.centre;
    const km = centre ? distanceKm(from, centre) : Number.POSITIVE_INFINITY;
    if (!best || km < best.km) best = { view, km };
  }
  return best?.view;
}

/** Evaluates, records and shows the result. */
export async function finishCheck(
  conversation: Conversation<BotContext, BotContext>,
  ctx: BotContext,
  rules: EligibilityRules,
  answers: Answers,
  snapshot: CatalogueSnapshot,
  now: Date,
  startEventId?: string,
): Promise<void> {
  const provinceId = answers.province ?? "";
  const result = evaluate(rules, answers);
  const t = ctx.t;
  const lang = ctx.lang;
  const local = viewsInProvince(snapshot, provinceId).filter(
    (v) => !v.past && v.event.status !== "cancelled",
  );
  const event = local.find((v) => v.event.id === startEventId) ?? local[0];
  const nearest = event ? undefined : nearestEvent(snapshot, provinceId);
  await conversation.external(() =>
    ctx.deps.eligibility.record({
      userKey: ctx.userKey,
      eventId: event?.event.id,
      provinceId,
      outcomeId: result?.outcomeId ?? "none",
      verdict: event ? (result?.verdict ?? "not_eligible") : "no_event_here",
      at: now.toISOString(),
    }),
  );
  const province = snapshot.gazetteer.get(provinceId);
  const provinceName = province ? (lang === "en" ? province.asciiName : province.name) : provinceId;
  const parts: string[] = [];
  if (result) {
    parts.push(
      `${t(`eligibility.verdict_${result.verdict}`)}\n${escapeHtml(localized(result.reason, lang))}`,
    );
    if (result.services.length > 0) {
      parts.push(
        `${t("eligibility.services_title")}\n${result.services.map((s) => `• ${escapeHtml(localized(s, lang))}`).join("\n")}`,
      );
    }
  }
  const choices: Choice[][] = [];
  if (event) {
    parts.push(`${t("eligibility.event_title")}\n${eventCard(event, t, lang)}`);
    if (result?.verdict !== "not_eligible") {
      choices.push([
        choice(t("card.button_remind"), Actions.remind, event.event.id),
        choice(t("eligibility.add_calendar"), Actions.calendar, event.event.id),
      ]);
    }
  } else {
    parts.push(t("eligibility.no_event_here", { province: escapeHtml(provinceName) }));
    if (nearest) parts.push(`${t("eligibility.nearest")}\n${eventCard(nearest, t, lang)}`);
    choices.push([
      choice(
        t("eligibility.follow_province", { province: provinceName }),
        Actions.remind,
        "p",
        provinceId,
      ),
    ]);
  }
  if (result && result.bring.length > 0 && (event || nearest)) {
    parts.push(
      `${t("eligibility.bring_title")}\n${result.bring.map((b) => `• ${escapeHtml(localized(b, lang))}`).join("\n")}`,
    );
  }
  choices.push([choice(t("eligibility.again"), Actions.check)]);
  await sendReply(ctx, reply(parts.join("\n\n"), choices));
}
