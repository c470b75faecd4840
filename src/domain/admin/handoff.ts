/**
 * The care desk: a customer asks for a person ("gặp người thật", "talk to a human"), or an
 * unanswered question is picked from `/unanswered`; the question becomes a ticket that
 * coordinators answer with "💬 Trả lời" (the answer reaches the customer through Loa) or
 * "📚 Dạy Loa" (the answer becomes an FAQ entry of the programme). Channel-agnostic.
 */
import type { Lang } from "../types.js";

/**
 * Phrases that ask for a person, folded (lower case, no diacritics), per language. Not
 * programme-specific: they are how people ask for a human anywhere.
 */
export const HANDOFF_PHRASES: Readonly<Record<Lang, readonly string[]>> = {
  vi: [
    "gap nguoi that",
    "noi chuyen voi nguoi that",
    "gap nhan vien",
    "noi chuyen voi nhan vien",
    "tu van vien",
    "gap tu van",
    "can nguoi tu van",
    "gap dieu phoi vien",
    "cho toi gap nguoi",
    "nhan vien ho tro",
    "tong dai vien",
  ],
  en: [
    "talk to a human",
    "talk to a person",
    "speak to a human",
    "speak to a person",
    "real person",
    "human agent",
    "talk to someone",
    "customer service",
    "an operator",
  ],
};

/**
 * True when `text` asks for a person. `fold` lower-cases and strips diacritics (the
 * project's text folding), so "Gặp NGƯỜI THẬT" and "gap nguoi that" both count.
 */
export function asksForPerson(text: string, fold: (text: string) => string): boolean {
  if (text.length > 300) return false;
  const folded = ` ${fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;
  return Object.values(HANDOFF_PHRASES).some((phrases) =>
    phrases.some((phrase) => folded.includes(` ${phrase} `)),
  );
}

/** Someone whose question a ticket carries. */
export interface TicketAsker {
  /** Channel-qualified user key (`telegram:…`, `zalo:…`). */
  userKey: string;
  name?: string | undefined;
  lang: Lang;
  /** What they asked, as typed. */
  text: string;
  /** Their message, where the channel can thread the answer under it. */
  messageId?: string | undefined;
}

/** Where a coordinator is asked to type an answer (a force-reply prompt message). */
export interface TicketPrompt {
  chatId: string;
  messageId: number;
  mode: "reply" | "teach";
  /** The coordinator who pressed the button. */
  by: number;
}

/** One answer a coordinator gave. */
export interface TicketReply {
  at: string;
  by: number;
  byName?: string | undefined;
  text: string;
  mode: "reply" | "teach";
}

/** A question waiting for (or answered by) a person. */
export interface HandoffTicket {
  id: string;
  createdAt: string;
  /** `handoff`: the customer asked for a person; `unanswered`: picked from `/unanswered`. */
  source: "handoff" | "unanswered";
  askers: TicketAsker[];
  /** The unanswered questions this ticket answers (marked handled when it is answered). */
  unansweredIds?: string[] | undefined;
  prompts: TicketPrompt[];
  replies: TicketReply[];
}

/** Where tickets live. */
export interface HandoffRepository {
  put(ticket: HandoffTicket): Promise<void>;
  get(id: string): Promise<HandoffTicket | undefined>;
  /** The ticket whose prompt is message `messageId` of chat `chatId`. */
  byPrompt(chatId: string, messageId: number): Promise<HandoffTicket | undefined>;
}

/** The desk's operations. */
export interface HandoffDesk {
  open(
    source: HandoffTicket["source"],
    askers: TicketAsker[],
    now: Date,
    unansweredIds?: string[],
  ): Promise<HandoffTicket>;
  get(id: string): Promise<HandoffTicket | undefined>;
  /** Remembers that `prompt` asks for the answer to ticket `id`. */
  addPrompt(id: string, prompt: TicketPrompt): Promise<void>;
  byPrompt(chatId: string, messageId: number): Promise<HandoffTicket | undefined>;
  /** Records an answer; returns the updated ticket. */
  addReply(id: string, reply: TicketReply): Promise<HandoffTicket | undefined>;
}

/** Creates the desk on a repository; `newId` yields short unique ids (≤ 16 characters). */
export function createHandoffDesk(repo: HandoffRepository, newId: () => string): HandoffDesk {
  return {
    async open(source, askers, now, unansweredIds) {
      const ticket: HandoffTicket = {
        id: newId(),
        createdAt: now.toISOString(),
        source,
        askers,
        ...(unansweredIds ? { unansweredIds } : {}),
        prompts: [],
        replies: [],
      };
      await repo.put(ticket);
      return ticket;
    },
    get: (id) => repo.get(id),
    async addPrompt(id, prompt) {
      const ticket = await repo.get(id);
      if (!ticket) return;
      ticket.prompts = [...ticket.prompts, prompt].slice(-20);
      await repo.put(ticket);
    },
    byPrompt: (chatId, messageId) => repo.byPrompt(chatId, messageId),
    async addReply(id, reply) {
      const ticket = await repo.get(id);
      if (!ticket) return undefined;
      ticket.replies = [...ticket.replies, reply];
      await repo.put(ticket);
      return ticket;
    },
  };
}
