/** Figures for `/stats`: who uses the bot, what they ask, who listens. */
import type { UnansweredQuestion, UserProfile } from "../ports.js";
import { type DayTally, totalOf } from "./question-tally.js";
import type { CommunityEvent } from "../types.js";

/** What `/stats` shows. Undefined figures are not known (their service is not there yet). */
export interface Stats {
  users: number;
  active7d: number;
  blocked: number;
  /** Questions asked in total, when something counts them. */
  questions?: number | undefined;
  /** Of {@link questions}, how many Loa answered. */
  answered?: number | undefined;
  /** The last days with questions (at most 7, newest first). */
  questionsPerDay: DayTally[];
  unanswered: number;
  openUnanswered: number;
  /** Share of questions answered, 0..1, when {@link questions} is known. */
  answeredRate?: number | undefined;
  subscribersPerEvent: Array<{ eventId: string; date: string; count: number }>;
  eligibility: Record<string, number>;
}

/** What {@link computeStats} reads. */
export interface StatsInput {
  users: readonly UserProfile[];
  unanswered: readonly UnansweredQuestion[];
  events: readonly CommunityEvent[];
  now: Date;
  questionsAsked?: number | undefined;
  /** Per-day question counts; wins over {@link questionsAsked}. */
  questionDays?: readonly DayTally[] | undefined;
  subscriberCount?: ((eventId: string) => Promise<number>) | undefined;
  eligibilityOutcomes?: Record<string, number> | undefined;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** Computes the figures. */
export async function computeStats(input: StatsInput): Promise<Stats> {
  const since = input.now.getTime() - WEEK_MS;
  const totals = input.questionDays ? totalOf(input.questionDays) : undefined;
  const questions = totals ? totals.answered + totals.unanswered : input.questionsAsked;
  const subscribersPerEvent = [];
  for (const event of [...input.events].sort((a, b) => a.date.localeCompare(b.date))) {
    const count = input.subscriberCount ? await input.subscriberCount(event.id) : 0;
    subscribersPerEvent.push({ eventId: event.id, date: event.date, count });
  }
  return {
    users: input.users.length,
    active7d: input.users.filter((u) => Date.parse(u.lastSeen) >= since).length,
    blocked: input.users.filter((u) => u.blockedAt).length,
    questions,
    answered: totals?.answered,
    questionsPerDay: [...(input.questionDays ?? [])].reverse().slice(0, 7),
    unanswered: input.unanswered.length,
    openUnanswered: input.unanswered.filter((q) => !q.handledAt).length,
    answeredRate:
      questions && questions > 0
        ? Math.max(0, (totals ? totals.answered : questions - input.unanswered.length) / questions)
        : undefined,
    subscribersPerEvent,
    eligibility: input.eligibilityOutcomes ?? {},
  };
}
