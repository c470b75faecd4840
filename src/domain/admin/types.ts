/**
 * Types of the coordinator (admin) side. Channel-agnostic: user ids are Telegram ids today
 * because coordinators only work on Telegram, but nothing here knows about grammY.
 */
import type { ContentButton } from "../broadcast/types.js";
import type { CommunityEvent, Lang } from "../types.js";

/** What a person may do. Owners come from `ADMIN_IDS`; coordinators are added by owners. */
export type Role = "owner" | "coordinator" | "customer";

/** A coordinator added by an owner. */
export interface AdminRecord {
  userId: number;
  name?: string | undefined;
  addedBy: number;
  addedAt: string;
}

/** One line of the audit log: who did what, when, and what it looked like before and after. */
export interface AuditEntry {
  id: string;
  at: string;
  actorId: number;
  actorName?: string | undefined;
  /** e.g. `event.create`, `event.edit`, `admin.add`, `broadcast.start`, `denied`. */
  action: string;
  /** What the action was about: an event id, a user id, a job id, a command. */
  target?: string | undefined;
  before?: unknown;
  after?: unknown;
}

/** Who receives an announcement. */
export type Audience =
  | { kind: "all" }
  | { kind: "province"; provinceId: string }
  | { kind: "event"; eventId: string }
  | { kind: "language"; lang: Lang }
  /** A change notice: the event's subscribers plus the followers of its province, once each. */
  | { kind: "event_and_province"; eventId: string; provinceId: string };

/** What an announcement says. `html` is final Telegram HTML (already escaped or validated). */
export interface AnnouncementContent {
  html: string;
  /** A Telegram photo file id; `html` is then the caption. */
  photoFileId?: string | undefined;
  /** Rows of buttons under the message. */
  buttons?: ContentButton[][] | undefined;
}

/**
 * What a notice about one event says, kept as data so each recipient gets it in their own
 * language, with the event's card as it is when the notice goes out.
 */
export interface NoticeSpec {
  /** A change (drafted from `before` → the event now) or a new event. */
  kind: "change" | "new_event";
  eventId: string;
  /** The event before the change (kind `change`). */
  before?: CommunityEvent | undefined;
  /** The coordinator's own text (final HTML), sent as typed in every language instead of the draft. */
  text?: string | undefined;
}

/** An action waiting for the coordinator's confirm tap. Single use. */
export type PendingPayload =
  | { kind: "create_event"; event: CommunityEvent }
  | {
      kind: "edit_event";
      eventId: string;
      expectedVersion: number;
      after: CommunityEvent;
    }
  | { kind: "cancel_event"; eventId: string; expectedVersion: number }
  | {
      kind: "announce";
      audience: Audience;
      content: AnnouncementContent;
      /** The event a change notice is about, for the audit log. */
      eventId?: string | undefined;
      /** Set for notices about an event: rendered per recipient language when sent. */
      notice?: NoticeSpec | undefined;
      /** ISO instant to send at (a scheduled broadcast); now when unset. */
      sendAt?: string | undefined;
    }
  | { kind: "import"; backup: unknown }
  | {
      kind: "import_events";
      /** Events the spreadsheet adds. */
      created: CommunityEvent[];
      /** Events it changes, with the version each change was planned on. */
      changed: Array<{ after: CommunityEvent; expectedVersion: number }>;
    }
  | { kind: "unanswered_handled"; ids: string[] };

/** A stored pending action. */
export interface PendingAction {
  token: string;
  actorId: number;
  createdAt: string;
  expiresAt: string;
  payload: PendingPayload;
  usedAt?: string | undefined;
}

/** Result of taking a pending action by its token. */
export type TakeResult =
  | { ok: true; action: PendingAction }
  | { ok: false; reason: "missing" | "used" | "expired" | "not_yours" };
