/**
 * Wiring of the delivery side: subscriptions, the broadcast engine, reminders. `openDelivery`
 * builds the channel-agnostic part with storage (at app creation); `startDelivery` plugs in
 * Telegram, resumes interrupted jobs and starts the reminder clock beside polling.
 */
import { randomUUID } from "node:crypto";
import type { Bot } from "grammy";
import type { Logger } from "pino";
import type { BroadcastGateway, SubscriptionGateway } from "../../domain/admin/ports-needed.js";
import { type BroadcastEngine, createBroadcastEngine } from "../../domain/broadcast/engine.js";
import {
  createBroadcastGateway,
  createSubscriptionGateway,
} from "../../domain/broadcast/gateway.js";
import type { Clock } from "../../domain/clock.js";
import type { Gazetteer } from "../../domain/gazetteer.js";
import type { BroadcastStore } from "../../domain/broadcast/store.js";
import type {
  EventRepository,
  SubscriptionRepository,
  UserRepository,
} from "../../domain/ports.js";
import type { SharedPace } from "../../domain/broadcast/engine.js";
import type { RateLimits } from "../../domain/broadcast/rate-limiter.js";
import type { Metrics } from "../../observability/metrics.js";
import {
  createReminderScheduler,
  type ReminderScheduler,
} from "../../domain/reminders/scheduler.js";
import type { DeliverySettings } from "../../domain/reminders/settings.js";
import type { UserService } from "../../domain/services/user-service.js";
import {
  createSubscriptionService,
  type SubscriptionService,
} from "../../domain/subscriptions/service.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { createReminderRenderer } from "../features/reminders-content.js";
import { followProgressOnTelegram } from "./telegram-progress.js";
import { createTelegramTransport, plainApi } from "./telegram-transport.js";

/** The delivery side, before any channel is plugged in. */
export interface Delivery {
  settings: DeliverySettings;
  subscriptions: SubscriptionService;
  engine: BroadcastEngine;
  /** The events reminders are about. */
  events: EventRepository;
  /** For the coordinator commands. */
  broadcastGateway: BroadcastGateway;
  subscriptionGateway: SubscriptionGateway;
  /** The running reminder scheduler (tests call `tick()` after moving the clock). */
  reminders(): ReminderScheduler;
  /** Set by {@link startDelivery}. */
  useReminders(scheduler: ReminderScheduler | undefined): void;
  /** Starts the scheduled broadcasts that are due (tests call it after moving the clock). */
  startScheduled(): Promise<string[]>;
  /** Set by {@link startDelivery}. */
  useScheduled(check: (() => Promise<string[]>) | undefined): void;
  /** True when several instances share the jobs (claims in the database). */
  shared: boolean;
}

/** What {@link openDelivery} needs: repositories from the app's one storage, and settings. */
export interface DeliveryOptions {
  /** `settings.json` of the seed dir, validated. */
  settings: DeliverySettings;
  store: BroadcastStore;
  subscriptionRepository: SubscriptionRepository;
  users: UserRepository;
  userService: UserService;
  events: EventRepository;
  gazetteer: Gazetteer;
  clock: Clock;
  logger: Logger;
  /** Counts 429s of broadcast sends. */
  metrics?: Metrics | undefined;
  /** Several instances on one database: the pace they share and this instance's id. */
  instances?: { pace: (limits: RateLimits) => SharedPace; instanceId: string };
}

/** Builds the delivery side's services on the given storage. */
export function openDelivery(options: DeliveryOptions): Delivery {
  const { settings, store } = options;
  const subscriptions = createSubscriptionService({
    subscriptions: options.subscriptionRepository,
    users: options.users,
    events: options.events,
    gazetteer: options.gazetteer,
  });
  const { maxInFlight, claimLeaseSeconds, sweepSeconds: _sweep, ...limits } = settings.broadcast;
  const engine = createBroadcastEngine({
    store,
    now: () => options.clock.now(),
    markBlocked: (key, now) => options.userService.markBlocked(key, now),
    newId: () => randomUUID().replace(/-/g, "").slice(0, 16),
    limits: { telegram: limits },
    sender: { maxInFlight },
    onError: (error, jobId) =>
      options.logger.error({ err: error, job: jobId }, "broadcast run failed"),
    onRateLimited: (channel) => options.metrics?.rateLimited(channel),
    ...(options.instances
      ? {
          pace: options.instances.pace(limits),
          instanceId: options.instances.instanceId,
          claimLeaseMs: claimLeaseSeconds * 1000,
        }
      : {}),
  });
  let reminders: ReminderScheduler | undefined;
  let scheduled: (() => Promise<string[]>) | undefined;
  return {
    reminders: () => {
      if (!reminders) throw new Error("the delivery side is not started");
      return reminders;
    },
    useReminders: (scheduler) => {
      reminders = scheduler;
    },
    startScheduled: () => {
      if (!scheduled) throw new Error("the delivery side is not started");
      return scheduled();
    },
    useScheduled: (check) => {
      scheduled = check;
    },
    settings,
    subscriptions,
    engine,
    shared: store.claims !== undefined,
    events: options.events,
    broadcastGateway: createBroadcastGateway(engine, subscriptions),
    subscriptionGateway: createSubscriptionGateway(subscriptions, () => options.clock.now()),
  };
}

/** A running delivery side. */
export interface RunningDelivery {
  reminders: ReminderScheduler;
  /** Ids of the jobs resumed at start-up. */
  resumed: string[];
  /** Stops reminders and senders (jobs stay `sending` and resume on the next start). */
  stop(): Promise<void>;
}

/**
 * Plugs Telegram into the engine, resumes interrupted jobs and starts the reminder clock. (The
 * bot's own replies take the limiter's reply lane, installed by `createBot`.)
 */
export async function startDelivery(
  deps: BotDeps,
  bot: Bot<BotContext>,
  apiRoot: string | undefined,
): Promise<RunningDelivery> {
  const { delivery } = deps;
  const api = plainApi(bot.token, apiRoot);
  delivery.engine.attach(createTelegramTransport(api));
  const stopProgress = followProgressOnTelegram(delivery.engine, api, deps.i18n, deps.logger);
  const reminders = createReminderScheduler({
    engine: delivery.engine,
    subscriptions: delivery.subscriptions,
    events: delivery.events,
    now: () => deps.clock.now(),
    slots: delivery.settings.reminders.slots,
    render: createReminderRenderer(deps.qa, deps.i18n),
    onError: (error) => deps.logger.error({ err: error }, "reminder tick failed"),
  });
  delivery.useReminders(reminders);
  const resumed = await delivery.engine.resumeAll();
  if (resumed.length > 0) deps.logger.info({ jobs: resumed }, "resumed broadcast jobs");
  await reminders
    .tick()
    .catch((error: unknown) => deps.logger.error({ err: error }, "reminder tick failed"));
  reminders.start(delivery.settings.reminders.checkEverySeconds * 1000);
  // Scheduled broadcasts wait as durable drafts; start the ones due (also those missed while
  // the bot was down) now and on the reminders' clock.
  const startDue = async () => {
    const started = await delivery.engine.startDue(deps.clock.now());
    if (started.length > 0) deps.logger.info({ jobs: started }, "started scheduled broadcasts");
    return started;
  };
  delivery.useScheduled(startDue);
  await startDue().catch((error: unknown) =>
    deps.logger.error({ err: error }, "scheduled broadcasts check failed"),
  );
  const scheduledTimer = setInterval(() => {
    startDue().catch((error: unknown) =>
      deps.logger.error({ err: error }, "scheduled broadcasts check failed"),
    );
  }, delivery.settings.reminders.checkEverySeconds * 1000);
  scheduledTimer.unref();
  // Several instances: a job another instance left (it died, its claims expired) is picked up.
  const sweep = delivery.shared
    ? setInterval(() => {
        void delivery.engine
          .resumeAll()
          .catch((error: unknown) => deps.logger.error({ err: error }, "broadcast sweep failed"));
      }, delivery.settings.broadcast.sweepSeconds * 1000)
    : undefined;
  return {
    reminders,
    resumed,
    async stop() {
      clearInterval(scheduledTimer);
      delivery.useScheduled(undefined);
      if (sweep) clearInterval(sweep);
      await reminders.stop();
      delivery.useReminders(undefined);
      await delivery.engine.shutdown();
      await stopProgress();
    },
  };
}
