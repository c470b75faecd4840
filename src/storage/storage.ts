/**
 * The one storage object the application runs on. Each backend has one factory returning it
 * (`openLowdbStorage(dataDir)` in `./lowdb-storage.ts`; PostgreSQL beside it), and `src/app.ts`
 * is the only place that calls one. Nothing under `src/bot`, `src/zalo` or `src/domain` opens a
 * file or a connection: they receive these repositories.
 */
import type { ConversationData, VersionedStateStorage } from "@grammyjs/conversations";
import type { StorageAdapter } from "grammy";
import type {
  AdminRepository,
  AuditRepository,
  PendingActionRepository,
} from "../domain/admin/ports.js";
import type { HandoffRepository } from "../domain/admin/handoff.js";
import type { QuestionTallyRepository } from "../domain/admin/question-tally.js";
import type { BroadcastStore } from "../domain/broadcast/store.js";
import type { EligibilityRepository } from "../domain/eligibility/service.js";
import type {
  EventRepository,
  ProgrammeRepository,
  SubscriptionRepository,
  UnansweredRepository,
  UpdateInbox,
  UserRepository,
  ZaloStateRepository,
} from "../domain/ports.js";
import type { CommunityEvent, Programme } from "../domain/types.js";

/** What a fresh store is seeded with (the validated committed content of `SEED_DIR`). */
export interface SeedContent {
  programmes: readonly Programme[];
  events: readonly CommunityEvent[];
}

/** Every repository of the application, from one backend. */
export interface Storage {
  /** Which backend this is, for logs (`lowdb`, `postgres`). */
  readonly backend: string;
  events: EventRepository;
  programmes: ProgrammeRepository;
  users: UserRepository;
  unanswered: UnansweredRepository;
  subscriptions: SubscriptionRepository;
  eligibility: EligibilityRepository;
  admins: AdminRepository;
  audit: AuditRepository;
  pending: PendingActionRepository;
  /** Questions asked per day, answered and not (for `/stats`); written in the background. */
  questionTally: QuestionTallyRepository;
  /** Care-desk tickets: questions handed to a person, their prompts and answers. */
  handoff: HandoffRepository;
  /** Broadcast jobs, their frozen audiences and outcome logs. */
  broadcasts: BroadcastStore;
  /**
   * grammY sessions (the dialogue context of a chat). Writes may complete in the background:
   * losing the last turn's follow-up context in a crash is harmless.
   */
  sessions: StorageAdapter<unknown>;
  /** grammY conversation state: durable before the bot answers (wizards survive `kill -9`). */
  conversations: VersionedStateStorage<string, ConversationData>;
  /** Zalo per-chat state and handled message ids. */
  zalo: ZaloStateRepository;
  /** The durable inbox of incoming Telegram updates (see `domain/updates/pipeline.ts`). */
  inbox: UpdateInbox<unknown>;
  /**
   * Seeds programmes and events when this store has never been seeded; once per store, so
   * data coordinators changed is never overwritten. Returns true when it seeded.
   */
  seedOnce(seed: SeedContent): Promise<boolean>;
  /** Resolves when the store is reachable and writable (health checks); rejects otherwise. */
  ping(): Promise<void>;
  /** Finishes pending writes and releases files or connections. */
  close(): Promise<void>;
}

/**
 * A state file or row that cannot be used. The message is one line naming the file, the
 * problem and how to recover; start-up prints it and refuses to start on partial data.
 */
export class StorageError extends Error {
  override name = "StorageError";
}
