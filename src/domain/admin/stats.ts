/** Figures for `/stats`: who uses the bot, what they ask, who listens. */
import type { UserStats } from "../ports.js";
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

/** What {@link computeStats} reads: counters, never whole collections. */
export interface StatsInput {
  /** User counters with `active` counted over the last 7 days (see {@link activeSince}). */
  users: UserStats;
  unanswered: { total: number; open: number };
  events: readonly CommunityEvent[];
  questionsAsked?: number | undefined;
  /** Event subscribers per event id. */
  subscribersByEvent?: Record<string, number> | undefined;
  /** Per-day question counts; wins over {@link questionsAsked}. */
  questionDays?: readonly DayTally[] | undefined;
  eligibilityOutcomes?: Record<string, number> | undefined;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The start of the "active in the last 7 days" window. */
export function activeSince(now: Date): Date {
  return new Date(now.getTime() - WEEK_MS);
}

/** Computes the figures. */
export function computeStats(input: StatsInput): Stats {
  const totals = input.questionDays ? totalOf(input.questionDays) : undefined;
  const questions = totals ? totals.answered + totals.unanswered : input.questionsAsked;
  const subscribersPerEvent = [...input.events]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((event) => ({
      eventId: event.id,
      date: event.date,
      count: input.subscribersByEvent?.[event.id] ?? 0,
    }));
  return {
    users: input.users.total,
    active7d: input.users.active,
    blocked: input.users.blocked,
    questions,
    answered: totals?.answered,
    questionsPerDay: [...(input.questionDays ?? [])].reverse().slice(0, 7),
    unanswered: input.unanswered.total,
    openUnanswered: input.unanswered.open,
    answeredRate:
      questions && questions > 0
        ? Math.max(0, (totals ? totals.answered : questions - input.unanswered.total) / questions)
        : undefined,
    subscribersPerEvent,
    eligibility: input.eligibilityOutcomes ?? {},
  };
}
