/**
 * Schemas of the state files under `DATA_DIR`, checked at open. They check the shape the code
 * relies on (a file holding `null`, `{}` or a truncated object is damage, not "empty") and let
 * unknown extra fields through, so data written by a newer version still opens.
 */
import { z } from "zod";

const lang = z.enum(["vi", "en"]);
const text = z.looseObject({ vi: z.string() });

/** One user profile. */
export const userSchema = z.looseObject({
  key: z.string(),
  channel: z.enum(["telegram", "zalo"]),
  chatId: z.string(),
  name: z.string().optional(),
  lang: lang.optional(),
  langChosen: z.boolean().optional(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  blockedAt: z.string().optional(),
});

/** One subscription. */
export const subscriptionSchema = z.looseObject({
  userKey: z.string(),
  kind: z.enum(["event", "province"]),
  target: z.string(),
  lang,
  createdAt: z.string(),
});

/** One customer's latest eligibility result. */
export const eligibilitySchema = z.looseObject({
  userKey: z.string(),
  eventId: z.string().optional(),
  provinceId: z.string(),
  outcomeId: z.string(),
  verdict: z.string(),
  at: z.string(),
});

/** One unanswered question. */
export const unansweredSchema = z.looseObject({
  id: z.string(),
  text: z.string(),
  userKey: z.string(),
  lang,
  at: z.string(),
  handledAt: z.string().optional(),
});

/** Anything but `undefined`/`null` (sessions, conversation state, Zalo chat state). */
export const someValue = z.custom<NonNullable<unknown>>(
  (value) => value !== null && value !== undefined,
  "missing value",
);

/** `events.json`. */
export const eventsStateSchema = z.object({
  events: z.array(
    z.looseObject({
      id: z.string(),
      programmeId: z.string(),
      provinceId: z.string(),
      date: z.string(),
      status: z.enum(["scheduled", "moved", "cancelled"]),
      version: z.number(),
    }),
  ),
});

/** `programmes.json`. */
export const programmesStateSchema = z.object({
  programmes: z.array(z.looseObject({ id: z.string(), name: text })),
});

/** `admins.json`. */
export const adminsStateSchema = z.object({
  admins: z.array(z.looseObject({ userId: z.number(), addedBy: z.number(), addedAt: z.string() })),
});

/** `audit.json`. */
export const auditStateSchema = z.object({
  entries: z.array(
    z.looseObject({ id: z.string(), at: z.string(), actorId: z.number(), action: z.string() }),
  ),
});

/** `admin-pending.json`. */
export const pendingStateSchema = z.object({
  actions: z.array(
    z.looseObject({
      token: z.string(),
      actorId: z.number(),
      createdAt: z.string(),
      expiresAt: z.string(),
      payload: z.looseObject({ kind: z.string() }),
      usedAt: z.string().optional(),
    }),
  ),
});

/** `question-tally.json`: questions answered and not answered, per day. */
export const tallyStateSchema = z.object({
  days: z.record(
    z.string(),
    z.object({ answered: z.number().int().min(0), unanswered: z.number().int().min(0) }),
  ),
});

/** A care-desk ticket: a question handed to a person, the coordinators' prompts and replies. */
export const handoffTicketSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  source: z.enum(["handoff", "unanswered"]),
  askers: z.array(
    z.object({
      userKey: z.string(),
      name: z.string().optional(),
      lang: z.enum(["vi", "en"]),
      text: z.string(),
      messageId: z.string().optional(),
    }),
  ),
  unansweredIds: z.array(z.string()).optional(),
  prompts: z.array(
    z.object({
      chatId: z.string(),
      messageId: z.number(),
      mode: z.enum(["reply", "teach"]),
      by: z.number(),
    }),
  ),
  replies: z.array(
    z.object({
      at: z.string(),
      by: z.number(),
      byName: z.string().optional(),
      text: z.string(),
      mode: z.enum(["reply", "teach"]),
    }),
  ),
});

/** `storage.json`: the store's own record (format, when it was seeded). */
export const metaStateSchema = z.object({
  format: z.number().int(),
  seededAt: z.string().optional(),
});

/** A broadcast `job.json`. */
export const jobStateSchema = z.looseObject({
  id: z.string(),
  audience: z.looseObject({ kind: z.string() }),
  content: z.looseObject({ html: z.string() }),
  paid: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  state: z.enum(["draft", "sending", "paused", "done", "stopped"]),
  total: z.number(),
});

/** Files of the previous version, migrated into sharded collections at open. */
export const legacySchemas = {
  users: z.object({ users: z.record(z.string(), userSchema) }),
  subscriptions: z.object({ subscriptions: z.array(subscriptionSchema) }),
  eligibility: z.object({ results: z.record(z.string(), eligibilitySchema) }),
  unanswered: z.object({ questions: z.array(unansweredSchema) }),
  /** `handoff.json`: every ticket in one file. */
  handoff: z.object({ tickets: z.array(handoffTicketSchema) }),
  sessions: z.object({ entries: z.record(z.string(), z.unknown()) }),
  zalo: z.object({
    seen: z.union([z.array(z.string()), z.record(z.string(), z.string())]),
    chats: z.record(z.string(), z.unknown()),
  }),
};
