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
import { createExampleSource } from "./presentation/example-source.js";
import { vietnamDateOf } from "./domain/calendar.js";
import type { EventRepository } from "./domain/ports.js";
import type { Lang } from "./domain/types.js";
import type { ExampleValues } from "./presentation/examples.js";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { RateLimits } from "./domain/broadcast/rate-limiter.js";
import { isPostgresStorage, openPostgresStorage } from "./storage/postgres/index.js";
import { postgresSharedPace } from "./storage/postgres/shared-pace.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
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
  /** Counters for `GET /metrics`. */
  metrics: Metrics;
  deps: BotDeps;
  /** The one storage everything runs on (opened here, nowhere else). */
  storage: Storage;
  /** Closes storage; call after every channel has stopped. */
  close(): Promise<void>;
  gazetteer: Gazetteer;
  /** Example questions built from the loaded events, per language (for pages like the playground). */
  examples(lang: Lang): ExampleValues | undefined;
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
    onBackgroundError: (error) => logger.error({ err: error }, "a background write failed"),
    onDamagedJob: (file, problem) =>
      logger.error({ file, problem }, "a broadcast job file is damaged; the job is skipped"),
    onInboxDamage: (line, text) =>
      logger.warn({ file: "inbox.ndjson", line, text }, "skipped a damaged inbox line"),
  });
}

/** Loads and validates the seed, opens storage (seeding it once), builds services. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const metrics = createMetrics();
  const seed = await loadSeed(resolve(config.seedDir));
  const storage = observed(options.storage ?? (await openStorage(config, logger)), metrics);
  if (await storage.seedOnce(seed)) logger.info({ backend: storage.backend }, "seeded storage");
  const gazetteer = createGazetteer(seed.provinces);
  const { programmes, users, unanswered } = storage;
  const clock = options.clock ?? createClock(config.botClock);
  const baseI18n = createI18n(loadLocales(resolve(PROJECT_ROOT, "locales")));
  const examples = createExampleSource({
    snapshot: async () => ({
      events: await storage.events.list(),
      programmes: await programmes.list(),
      gazetteer,
      today: vietnamDateOf(clock.now()),
    }),
    i18n: baseI18n,
    provinceName: (id, lang) => {
      const province = gazetteer.get(id);
      return province && (lang === "en" ? province.asciiName : province.name);
    },
    today: () => vietnamDateOf(clock.now()),
    onError: (error) => logger.warn({ err: error }, "could not refresh the example questions"),
  });
  // Example questions follow the events: any saved change refreshes them.
  const events: EventRepository = {
    list: () => storage.events.list(),
    ...(storage.events.listShared
      ? { listShared: storage.events.listShared.bind(storage.events) }
      : {}),
    get: (id) => storage.events.get(id),
    async save(event, expectedVersion) {
      const result = await storage.events.save(event, expectedVersion);
      if (result.ok) await examples.refresh().catch(() => undefined);
      return result;
    },
  };
  await examples.refresh();
  const i18n = baseI18n.withDefaults((lang) => examples.values(lang));
  // Several instances may share a PostgreSQL database: they claim broadcast recipients under
  // this process's name and share one send pace.
  const shared = isPostgresStorage(storage) ? storage.db : undefined;
  const instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const userService = createUserService(users);
  const delivery = openDelivery({
    settings: seed.settings,
    store: storage.broadcasts,
    metrics,
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
    handoffRepository: storage.handoff,
    admins: storage.admins,
    auditRepository: storage.audit,
    pendingRepository: storage.pending,
    newId: () => randomUUID().replace(/-/g, ""),
  });
  const deps: BotDeps = {
    config: { adminIds: config.adminIds, coordinatorChatId: config.coordinatorChatId },
    logger,
    clock,
    i18n,
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
    metrics,
  };
  metrics.use({
    broadcastRemaining: async () => {
      let remaining = 0;
      for (const job of await storage.broadcasts.sending()) {
        remaining += (await storage.broadcasts.counts(job.id))?.remaining ?? 0;
      }
      return remaining;
    },
  });
  let closing: Promise<void> | undefined;
  return {
    metrics,
    deps,
    storage,
    close: () => {
      closing ??= storage.close();
      return closing;
    },
    gazetteer,
    examples: (lang) => examples.values(lang),
    inbox: storage.inbox as UpdateInbox<Update>,
    databaseUrl: isPostgresStorage(storage) ? config.databaseUrl : undefined,
    telegramBot: (token, apiRoot, shutdown) => createBot(deps, { token, apiRoot, shutdown }),
    registerCommands: (bot) => registerCommands(bot, deps),
  };
}

/** Storage that also counts, for `/metrics`, what passes through it (questions, broadcast sends). */
function observed(storage: Storage, metrics: Metrics): Storage {
  const { questionTally, broadcasts } = storage;
  return Object.assign(Object.create(storage) as Storage, {
    questionTally: {
      ...questionTally,
      add: (day: string, answered: boolean) => {
        metrics.question(answered);
        return questionTally.add(day, answered);
      },
    },
    broadcasts: {
      ...broadcasts,
      openLog: async (id: string) => {
        const log = await broadcasts.openLog(id);
        return {
          append: (entry: Parameters<typeof log.append>[0]) => {
            metrics.broadcastSend(entry.r);
            return log.append(entry);
          },
          close: () => log.close(),
        };
      },
    },
  });
}
