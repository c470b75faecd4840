/** Starts the Zalo channel beside Telegram, on the same app. */
import type { App } from "../app.js";
import type { Config } from "../config.js";
import { isPostgresStorage } from "../storage/postgres/index.js";
import { createZaloChannel, type ZaloChannel } from "./channel.js";
import { ZaloClient } from "./client.js";
import { type Stoppable, startZaloPolling, startZaloWebhook } from "./runner.js";
import { openSharedZaloInbox } from "./shared-inbox.js";
import { createZaloTransport } from "./transport.js";

/** Zalo chats handled at once on one instance (one chat's updates are always in order). */
const ZALO_CONCURRENCY = 32;
/** How long a stop waits for Zalo updates being handled. */
const DRAIN_MS = 2000;

/**
 * Connects Zalo: broadcasts reach Zalo subscribers; updates arrive by webhook or polling. On
 * PostgreSQL (several instances may share the database) they go through the shared inbox and
 * the chat locks; on lowdb (one instance) each is handled before the platform gets its answer.
 */
export async function startZalo(app: App, config: Config): Promise<Stoppable> {
  const { token, apiRoot, webhookUrl, webhookSecret, webhookPort } = config.zalo;
  if (!token) throw new Error("startZalo needs ZALO_BOT_TOKEN");
  const { logger } = app.deps;
  const client = new ZaloClient(token, apiRoot);
  app.deps.delivery.engine.attach(createZaloTransport(client));
  const channel = counted(await createZaloChannel(app.deps, client, app.storage.zalo), app);
  const { storage } = app;
  const shared = isPostgresStorage(storage)
    ? await openSharedZaloInbox({
        channel,
        inbox: storage.zaloInbox,
        ids: storage.zaloUpdateIds,
        locks: await storage.openChatLocks(),
        logger,
        concurrency: ZALO_CONCURRENCY,
      })
    : undefined;
  const receiver: ZaloChannel = shared?.receiver ?? channel;
  if (shared) app.metrics.use({ zaloBacklog: () => shared.pipeline.backlog() });
  const receiving = await startReceiving();
  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopping ??= (async () => {
        await receiving.stop();
        await shared?.stop(DRAIN_MS);
      })();
      return stopping;
    },
  };

  async function startReceiving(): Promise<Stoppable> {
    if (webhookUrl && webhookSecret) {
      const server = await startZaloWebhook(receiver, {
        port: webhookPort,
        host: "0.0.0.0",
        secret: webhookSecret,
        logger,
      });
      await client.setWebhook(webhookUrl, webhookSecret);
      logger.info({ webhookUrl }, "zalo channel started (webhook)");
      return server;
    }
    // Polling and webhook exclude each other on the platform.
    await client
      .deleteWebhook()
      .catch((error: unknown) => logger.warn({ err: error }, "zalo deleteWebhook failed"));
    logger.info("zalo channel started (polling)");
    return startZaloPolling(client, receiver, logger);
  }
}

/** The channel, counting each update it handles (not repeats) in `/metrics`. */
function counted(channel: ZaloChannel, app: App): ZaloChannel {
  return {
    async handle(update) {
      const started = performance.now();
      let handled = false;
      try {
        handled = await channel.handle(update);
        if (handled) app.metrics.updateHandled((performance.now() - started) / 1000, true);
        return handled;
      } catch (error) {
        app.metrics.updateHandled((performance.now() - started) / 1000, false);
        throw error;
      }
    },
  };
}
