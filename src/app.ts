/** Assembles the application from a config: storage → domain → bot. Used by main, tests, benches. */
import { resolve } from "node:path";
import type { Bot, StorageAdapter } from "grammy";
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
import { createMetrics, type Metrics } from "./observability/metrics.js";
import { createAdminServices } from "./domain/admin/services.js";
import { openLowdbStorage } from "./storage/lowdb-storage.js";
import { loadSeed } from "./storage/seed.js";
import type { Storage } from "./storage/storage.js";
import { openDelivery, startDelivery } from "./bot/transport/delivery.js";

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
  /** Creates the Telegram bot on these deps. */
  telegramBot(token: string, apiRoot?: string): Bot<BotContext>;
  /** Registers the command menus; tolerant of failure. */
  registerCommands(bot: Bot<BotContext>): Promise<void>;
}

/** A bot that is polling, with everything that runs beside it. */
export interface RunningBot {
  bot: Bot<BotContext>;
  /** Resolves when polling has ended (after {@link stop}, or on a fatal error). */
  done: Promise<void>;
  /** Stops polling and background work; resolves when all is stopped. */
  stop(): Promise<void>;
}

/**
 * Starts the Telegram bot with long polling, plus background work (reminders, broadcasts).
 * Updates are handled one batch at a time and acknowledged only after they are handled, so an
 * update in flight when the process dies is delivered again.
 */
export async function startTelegram(
  app: App,
  token: string,
  apiRoot: string | undefined,
): Promise<RunningBot> {
  const { logger } = app.deps;
  const bot = app.telegramBot(token, apiRoot);
  // Network errors are retried with backoff (auto-retry); say so instead of waiting silently.
  const slow = setInterval(
    () =>
      logger.warn(
        { apiRoot: apiRoot ?? "https://api.telegram.org" },
        "still trying to reach Telegram",
      ),
    5_000,
  );
  try {
    await bot.init();
  } finally {
    clearInterval(slow);
  }
  // Menus are nice to have: registering them (with retries when Telegram is slow) must not
  // delay answering customers.
  void app.registerCommands(bot).catch((error: unknown) => {
    logger.warn({ err: error }, "could not register the command menus");
  });
  const background: Array<() => Promise<void>> = [];
  let started!: () => void;
  const ready = new Promise<void>((resolve) => {
    started = resolve;
  });
  const done = bot
    .start({
      onStart: (info) => {
        logger.info({ username: info.username }, "bot started (long polling)");
        started();
      },
    })
    .catch((error: unknown) => {
      logger.fatal({ err: error }, "polling stopped on an error");
      started();
      throw error;
    });
  await ready;
  // Subscriptions, reminders and broadcasts (resumes jobs a crash interrupted).
  background.push((await startDelivery(app.deps, bot, apiRoot)).stop);
  let stopping: Promise<void> | undefined;
  return {
    bot,
    done,
    stop: () => {
      stopping ??= (async () => {
        for (const stopTask of background.reverse()) await stopTask();
        await bot.stop();
        await done.catch(() => undefined);
      })();
      return stopping;
    },
  };
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
    telegramBot: (token, apiRoot) => createBot(deps, { token, apiRoot }),
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
