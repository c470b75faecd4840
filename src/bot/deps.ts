import type { ConversationData, VersionedStateStorage } from "@grammyjs/conversations";
import type { StorageAdapter } from "grammy";
import type { Logger } from "pino";
import type { AdminServices } from "../domain/admin/services.js";
import type { Config } from "../config.js";
import type { Clock } from "../domain/clock.js";
import type { ProgrammeRules } from "../domain/eligibility/rules.js";
import type { EligibilityService } from "../domain/eligibility/service.js";
import type { Gazetteer } from "../domain/gazetteer.js";
import type { QaService } from "../domain/services/qa-service.js";
import type { UserService } from "../domain/services/user-service.js";
import type { I18n } from "../presentation/i18n.js";
import type { SessionData } from "./context.js";
import type { Delivery } from "./transport/delivery.js";
import type { Metrics } from "../observability/metrics.js";

/** Everything the bot needs, built by `main.ts` (or a test) and passed to `createBot`. */
export interface BotDeps {
  config: Pick<Config, "adminIds"> & Partial<Pick<Config, "coordinatorChatId">>;
  logger: Logger;
  clock: Clock;
  i18n: I18n;
  gazetteer: Gazetteer;
  qa: QaService;
  users: UserService;
  /** Session storage (dialogue context). */
  sessionStorage: StorageAdapter<SessionData>;
  /** Conversation state storage (wizards survive restarts). */
  conversationStorage: VersionedStateStorage<string, ConversationData>;
  /** Coordinator services: roles, audit, event editing, announcements, backup. */
  admin: AdminServices;
  /** Subscriptions, the broadcast engine and reminder settings. */
  delivery: Delivery;
  /** Eligibility rules per programme id, validated; a programme without rules has no check. */
  eligibilityRules: ProgrammeRules;
  /** Latest eligibility results per customer. */
  eligibility: EligibilityService;
  /** Counters and histograms for `/metrics` (absent in some tests). */
  metrics?: Metrics | undefined;
}
