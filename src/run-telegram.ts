/**
 * Running the Telegram side: receiving updates (long polling, or a webhook server), the durable
 * update pipeline, chat locks for several instances, and background delivery work.
 */
import { Api, type Bot, BotError } from "grammy";
import { LEAN_CLIENT } from "./bot/transport/lean-fetch.js";
import { ShuttingDownError } from "./bot/transport/reply-lane.js";
import type { Update } from "grammy/types";
import type { App } from "./app.js";
import type { BotContext } from "./bot/context.js";
import { startDelivery } from "./bot/transport/delivery.js";
import { startLongPolling } from "./bot/transport/long-polling.js";
import { telegramUpdateKey } from "./bot/transport/update-key.js";
import { startWebhookServer } from "./bot/transport/webhook-server.js";
import { startOpsServer } from "./observability/ops-server.js";
import type { Config } from "./config.js";
import { createUpdatePipeline, type UpdatePipeline } from "./domain/updates/pipeline.js";
import { adoptOrphans, handleInChatOrder } from "./storage/postgres/chat-locks.js";
import { isPostgresStorage } from "./storage/postgres/index.js";

/** A bot that is receiving updates, with everything that runs beside it. */
export interface RunningBot {
  bot: Bot<BotContext>;
  /** The update pipeline (tests wait on its backlog). */
  pipeline: UpdatePipeline<Update>;
  /** Resolves when receiving has ended (after {@link stop}, or on a fatal error). */
  done: Promise<void>;
  /** Stops receiving, drains what is being handled, stops background work (storage stays open). */
  stop(): Promise<void>;
}

/** How updates arrive. */
export interface TelegramOptions {
  /** Webhook mode (`WEBHOOK_URL`); long polling without it. */
  webhook?: Config["webhook"];
  /** Long polling: serve `GET /metrics` and `GET /healthz` on this port (`PORT` set). */
  metricsPort?: number | undefined;
}

interface Receiving {
  done: Promise<void>;
  stop(): Promise<void>;
}

const healthy = (app: App) => () =>
  app.storage.ping().then(
    () => true,
    () => false,
  );

async function receiveByPolling(
  app: App,
  api: Api,
  pipeline: UpdatePipeline<Update>,
  metricsPort: number | undefined,
): Promise<Receiving> {
  const { logger } = app.deps;
  const ops =
    metricsPort === undefined
      ? undefined
      : await startOpsServer({ port: metricsPort, metrics: app.metrics, healthy: healthy(app) });
  if (ops) logger.info({ url: `${ops.origin}/metrics` }, "serving /metrics and /healthz");
  // Polling and a webhook exclude each other; a failure here shows up as 409 in the loop.
  await api
    .deleteWebhook()
    .catch((error: unknown) => logger.warn({ err: error }, "deleteWebhook failed"));
  const polling = startLongPolling({ api, pipeline, lastId: await app.inbox.lastId(), logger });
  return {
    done: polling.done,
    async stop() {
      await polling.stop();
      await ops?.stop();
    },
  };
}

async function receiveByWebhook(
  app: App,
  api: Api,
  pipeline: UpdatePipeline<Update>,
  webhook: NonNullable<Config["webhook"]>,
): Promise<Receiving> {
  const server = await startWebhookServer({
    port: webhook.port,
    path: new URL(webhook.url).pathname,
    secret: webhook.secret,
    pipeline,
    metrics: app.metrics,
    healthy: healthy(app),
    logger: app.deps.logger,
  });
  try {
    await api.setWebhook(webhook.url, { secret_token: webhook.secret });
  } catch (error) {
    await server.stop();
    throw error;
  }
  let stopped!: () => void;
  const done = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  return {
    done,
    async stop() {
      await server.stop();
      stopped();
    },
  };
}

/**
 * Chats whose updates are handled at once (one chat's updates are always in order). Most of an
 * update's time is spent waiting (the Bot API's answer, a group commit): with 64 the bot sat
 * idle 5–20% of a burst; 256 keeps it busy (bench driver, 3,000 new users: +12% answers/s).
 */
export const UPDATE_CONCURRENCY = 256;
/** How long a stop waits for updates being handled before leaving them to the next start. */
const DRAIN_MS = 2000;

/**
 * Starts the Telegram bot — long polling, or a webhook server when `options.webhook` is set —
 * plus background work (reminders, broadcasts).
 * Updates go through the durable pipeline: each batch is in the inbox before it is
 * acknowledged, chats are handled concurrently and each chat in order, an update is marked done
 * only when its handling is over, and what a crash interrupted is replayed here first.
 */
export async function startTelegram(
  app: App,
  token: string,
  apiRoot: string | undefined,
  options: TelegramOptions = {},
): Promise<RunningBot> {
  const { logger } = app.deps;
  const shutdown = new AbortController();
  const bot = app.telegramBot(token, apiRoot, shutdown.signal);
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
  const onError = (error: unknown, id: number) =>
    logger.error({ err: error, update_id: id }, "update failed");
  // `bot.handleUpdate` rethrows middleware errors (only `bot.start` calls the error boundary):
  // route them through `bot.catch`, which answers politely and marks 403s blocked. A stop in
  // the middle is rethrown so the update stays in the inbox and is handled at the next start.
  const handleUpdate = async (update: Update): Promise<void> => {
    try {
      await bot.handleUpdate(update);
    } catch (error) {
      if (!(error instanceof BotError) || error.error instanceof ShuttingDownError) throw error;
      await bot.errorHandler(error);
    }
  };
  // Several instances on PostgreSQL: one chat at a time across them, in update order.
  const storage = app.storage;
  const locks = isPostgresStorage(storage) ? await storage.openChatLocks() : undefined;
  const inOrder =
    locks && isPostgresStorage(storage)
      ? handleInChatOrder<Update>({
          locks,
          inbox: storage.inbox,
          keyOf: telegramUpdateKey,
          idOf: (update) => update.update_id,
          handle: handleUpdate,
          onError,
        })
      : undefined;
  const pipeline = createUpdatePipeline<Update>({
    inbox: app.inbox,
    keyOf: telegramUpdateKey,
    handle: inOrder ? async (update, signal) => void (await inOrder(update, signal)) : handleUpdate,
    concurrency: UPDATE_CONCURRENCY,
    onError,
  });
  app.metrics.use({ updateBacklog: () => pipeline.backlog() });
  const replayed = await pipeline.replay();
  if (replayed > 0) logger.info({ updates: replayed }, "replaying updates a stop interrupted");
  // Several instances: what a stopped or killed instance left pending is taken over here.
  const stopAdopting =
    inOrder && isPostgresStorage(storage)
      ? adoptOrphans({
          inbox: storage.inbox,
          pipeline,
          onError: (error) => logger.warn({ err: error }, "could not look for left-over updates"),
        })
      : undefined;
  const plain = new Api(token, {
    ...(apiRoot ? { apiRoot } : {}),
    timeoutSeconds: 40,
    ...LEAN_CLIENT,
  });
  const receiving = options.webhook
    ? await receiveByWebhook(app, plain, pipeline, options.webhook)
    : await receiveByPolling(app, plain, pipeline, options.metricsPort);
  const done = receiving.done.catch((error: unknown) => {
    logger.fatal({ err: error }, "receiving updates stopped on an error");
    throw error;
  });
  const background: Array<() => Promise<void>> = [];
  // Subscriptions, reminders and broadcasts (resumes jobs a crash interrupted).
  background.push((await startDelivery(app.deps, bot, apiRoot)).stop);
  logger.info(
    { username: bot.botInfo.username, ...(options.webhook ? { url: options.webhook.url } : {}) },
    options.webhook ? "bot started (webhook)" : "bot started (long polling)",
  );
  let stopping: Promise<void> | undefined;
  return {
    bot,
    pipeline,
    done,
    stop: () => {
      stopping ??= (async () => {
        await receiving.stop();
        stopAdopting?.();
        // Answers still retrying after the drain give up; their updates are replayed.
        const draining = pipeline.stop(DRAIN_MS);
        const giveUp = setTimeout(() => shutdown.abort(), DRAIN_MS);
        await draining;
        clearTimeout(giveUp);
        shutdown.abort();
        for (const stopTask of background.reverse()) await stopTask();
        await locks?.close();
        await done.catch(() => undefined);
      })();
      return stopping;
    },
  };
}
