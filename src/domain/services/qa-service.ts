/** Answers customer questions: understanding + catalogue + logging of what we could not answer. */
import { randomUUID } from "node:crypto";
import { type Answer, answer } from "../answers.js";
import { vietnamDateOf } from "../calendar.js";
import { needsCoordinator } from "../fact-answers.js";
import type { CatalogueSnapshot } from "../event-views.js";
import type { Gazetteer } from "../gazetteer.js";
import type { EventRepository, ProgrammeRepository, UnansweredRepository } from "../ports.js";
import type { Lang } from "../types.js";
import type { DialogueContext, Understanding } from "../understanding/intents.js";
import { applyContext, toContext, understand } from "../understanding/understand.js";

/** What the question-answering service needs. */
export interface QaDeps {
  events: EventRepository;
  programmes: ProgrammeRepository;
  unanswered: UnansweredRepository;
  gazetteer: Gazetteer;
  /** Counts questions per day, answered or not (for `/stats`). */
  tally?: { add(day: string, answered: boolean): Promise<void> } | undefined;
}

/** A question as asked on some channel. */
export interface Question {
  text: string;
  userKey: string;
  /** The language the user's client or choice implies. */
  lang: Lang;
  /** The previous turn in this chat, for follow-ups. */
  previous?: DialogueContext | undefined;
  now: Date;
}

/** The answer plus what to remember for the next turn. */
export interface QaResult {
  answer: Answer;
  understanding: Understanding;
  /** Context to keep for follow-ups; undefined keeps the previous one. */
  context?: DialogueContext | undefined;
}

/** Answers questions from the catalogue. */
export interface QaService {
  snapshot(now: Date): Promise<CatalogueSnapshot>;
  ask(question: Question): Promise<QaResult>;
}

/** Longest text we try to understand; beyond it people paste articles, not questions. */
export const MAX_QUESTION_CHARS = 500;

/** Unanswered questions kept per user per hour; more are answered but not kept. */
export const MAX_UNANSWERED_PER_HOUR = 30;
const UNANSWERED_WINDOW_MS = 60 * 60 * 1000;

/** Creates the question-answering service. */
export function createQaService(deps: QaDeps): QaService {
  // Read-only shared lists where the store has them: answering never changes the catalogue.
  const snapshot = async (now: Date): Promise<CatalogueSnapshot> => ({
    events: await (deps.events.listShared?.() ?? deps.events.list()),
    programmes: await (deps.programmes.listShared?.() ?? deps.programmes.list()),
    gazetteer: deps.gazetteer,
    today: vietnamDateOf(now),
  });
  // One user cannot grow the coordinators' inbox without bound (a flood of long questions).
  const mayKeepUnanswered = async (question: Question) =>
    (await deps.unanswered.countBy(
      question.userKey,
      new Date(question.now.getTime() - UNANSWERED_WINDOW_MS),
    )) < MAX_UNANSWERED_PER_HOUR;
  return {
    snapshot,
    async ask(question) {
      const current = await snapshot(question.now);
      const understood = applyContext(
        understand(question.text.slice(0, MAX_QUESTION_CHARS), deps.gazetteer, current.programmes),
        question.previous,
      );
      const result = answer(understood, current);
      // "I don't know", "not announced yet: <thing>", a venue not known: coordinators see it.
      const unanswered = needsCoordinator(result);
      if (unanswered && (await mayKeepUnanswered(question))) {
        await deps.unanswered.add({
          id: randomUUID(),
          text: question.text.slice(0, 1000),
          userKey: question.userKey,
          lang: understood.lang,
          at: question.now.toISOString(),
        });
      }
      await deps.tally?.add(
        vietnamDateOf(question.now),
        result.kind !== "unknown" && result.kind !== "not_known",
      );
      const keepsContext =
        result.kind === "provinces" ||
        result.kind === "day" ||
        result.kind === "programme" ||
        result.kind === "nearest";
      return {
        answer: result,
        understanding: understood,
        context: keepsContext ? toContext(understood) : undefined,
      };
    },
  };
}
