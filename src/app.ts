/** Assembles the application from a config: storage → domain → bot. Used by main, tests, benches. */
import { resolve } from "node:path";
import type { Bot, StorageAdapter } from "grammy";
import type { Update } from "grammy/types";
import pino, { type Logger } from "pino";
import type { Config } from "./config.js";
import { type Clock, createClock } from "./domain/clock.js";
import { createEligibilityService } from "./domain/eligibility/service.js";
import { createGazetteer, type Gazetteer } from "./domain/gazetteer.js";
import { createQaService } from "./domain/services/qa-service.js";
import { createUserService } from "./domain/services/user-service.js";
import { createBot, registerCommands } from "./bot/index.js";
import type { BotContext, SessionData } from "./bot/context.js";
import type { BotDeps } from "./bot/deps.js";
import { createI18n, loadLocales } from "./presentation/i18n.js";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { RateLimits } from "./domain/broadcast/rate-limiter.js";
import { isPostgresStorage, openPostgresStorage } from "./storage/postgres/index.js";
import { postgresSharedPace } from "./storage/postgres/shared-pace.js";
import { createAdminServices } from "./domain/admin/services.js";
import { openLowdbStorage } from "./storage/lowdb-storage.js";
import { loadSeed } from "./storage/seed.js";
import type { Storage } from "./storage/storage.js";
import { openDelivery } from "./bot/transport/delivery.js";
import type { UpdateInbox } from "./domain/ports.js";

export {
  type RunningBot,
  startTelegram,
  type TelegramOptions,
  UPDATE_CONCURRENCY,
} from "./run-telegram.js";

/** Where the project's committed files are, relative to this module. */
export const PROJECT_ROOT = resolve(import.meta.dirname, "..");

/** The assembled application. */
export interface App {
  deps: BotDeps;
  /** The one storage everything runs on (opened here, nowhere else). */
  storage: Storage;
  /** Closes storage; call after every channel has stopped. */
  close(): Promise<void>;
  gazetteer: Gazetteer;
  /** `DATABASE_URL`, when storage is PostgreSQL (instances lock chats on their own session). */
  databaseUrl: string | undefined;
  /** The durable inbox of Telegram updates (part of {@link storage}). */
  inbox: UpdateInbox<Update>;
  /** Creates the Telegram bot on these deps. */
  telegramBot(token: string, apiRoot?: string, shutdown?: AbortSignal): Bot<BotContext>;
  /** Registers the command menus; tolerant of failure. */
  registerCommands(bot: Bot<BotContext>): Promise<void>;
}

/** Options that tests and benches override. */
export interface AppOptions {
  logger?: Logger;
  clock?: Clock;
  /** Storage to run on instead of the one the config chooses (benches, contract tests). */
  storage?: Storage;
}

/** Chooses and opens storage: the only place that does. */
export async function openStorage(config: Config, logger: Logger): Promise<Storage> {
  if (config.databaseUrl) {
    return openPostgresStorage(config.databaseUrl, {
      onIdleError: (error) => logger.warn({ err: error }, "PostgreSQL connection lost"),
      onWriteError: (error) => logger.error({ err: error }, "broadcast outcomes not logged"),
    });
  }
  return openLowdbStorage(resolve(config.dataDir), {
    onBackgroundError: (error) => logger.error({ err: error }, "background write failed"),
    onInboxDamage: (line, text) =>
      logger.warn({ file: "inbox.ndjson", line, text }, "skipped a damaged inbox line"),
  });
}

/** Loads and validates the seed, opens storage (seeding it once), builds services. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const seed = await loadSeed(resolve(config.seedDir));
  const storage = options.storage ?? (await openStorage(config, logger));
  if (await storage.seedOnce(seed)) logger.info({ backend: storage.backend }, "seeded storage");
  const gazetteer = createGazetteer(seed.provinces);
  const { events, programmes, users, unanswered } = storage;
  const clock = options.clock ?? createClock(config.botClock);
  // Several instances may share a PostgreSQL database: they claim broadcast recipients under
  // this process's name and share one send pace.
  const shared = isPostgresStorage(storage) ? storage.db : undefined;
  const instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const userService = createUserService(users);
  const delivery = openDelivery({
    settings: seed.settings,
    store: storage.broadcasts,
    subscriptionRepository: storage.subscriptions,
    users,
    userService,
    events,
    gazetteer,
    clock,
    logger,
    ...(shared
      ? {
          instances: {
            instanceId,
            pace: (limits: RateLimits) =>
              postgresSharedPace(
                shared,
                () => limits,
                (error) => logger.warn({ err: error }, "shared send pace unavailable"),
              ),
          },
        }
      : {}),
  });
  const eligibility = createEligibilityService(storage.eligibility);
  const admin = createAdminServices({
    eligibility: {
      available: true,
      eligibleCount: async (eventId) => (await eligibility.countEligibleByEvent())[eventId] ?? 0,
      outcomes: () => eligibility.outcomes(),
    },
    broadcasts: delivery.broadcastGateway,
    subscriptions: delivery.subscriptionGateway,
    ownerIds: config.adminIds,
    events,
    programmes,
    users,
    unanswered,
    questionTally: storage.questionTally,
    admins: storage.admins,
    auditRepository: storage.audit,
    pendingRepository: storage.pending,
    newId: () => randomUUID().replace(/-/g, ""),
  });
  const deps: BotDeps = {
    config: { adminIds: config.adminIds },
    logger,
    clock,
    i18n: createI18n(loadLocales(resolve(PROJECT_ROOT, "locales"))),
    gazetteer,
    qa: createQaService({
      events,
      programmes,
      unanswered,
      gazetteer,
      tally: storage.questionTally,
    }),
    users: userService,
    sessionStorage: storage.sessions as StorageAdapter<SessionData>,
    conversationStorage: storage.conversations,
    admin,
    delivery,
    eligibilityRules: seed.eligibilityRules,
    eligibility,
  };
  let closing: Promise<void> | undefined;
  return {
    deps,
    storage,
    close: () => {
      closing ??= storage.close();
      return closing;
    },
    gazetteer,
    inbox: storage.inbox as UpdateInbox<Update>,
    databaseUrl: isPostgresStorage(storage) ? config.databaseUrl : undefined,
    telegramBot: (token, apiRoot, shutdown) => createBot(deps, { token, apiRoot, shutdown }),
    registerCommands: (bot) => registerCommands(bot, deps),
  };
}
