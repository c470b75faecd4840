/** The end of the eligibility check on Telegram: record and show the result. */
import type { Conversation } from "@grammyjs/conversations";
import type { CheckConclusion } from "../../domain/eligibility/conclude.js";
import type { CatalogueSnapshot } from "../../domain/event-views.js";
import type { Gazetteer } from "../../domain/gazetteer.js";
import type { CommunityEvent, Programme } from "../../domain/types.js";
import { eligibilityResultReply } from "../../presentation/eligibility.js";
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

/** Records and shows the result. */
export async function finishCheck(
  conversation: Conversation<BotContext, BotContext>,
  ctx: BotContext,
  conclusion: CheckConclusion,
  now: Date,
): Promise<void> {
  await conversation.external(() =>
    ctx.deps.eligibility.record({
      ...conclusion.record,
      userKey: ctx.userKey,
      at: now.toISOString(),
    }),
  );
  await sendReply(ctx, eligibilityResultReply(conclusion, ctx.t, ctx.lang));
}
