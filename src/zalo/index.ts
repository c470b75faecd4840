/** Starts the Zalo channel beside Telegram, on the same app. */
import type { App } from "../app.js";
import type { Config } from "../config.js";
import { createZaloChannel } from "./channel.js";
import { ZaloClient } from "./client.js";
import { type Stoppable, startZaloPolling, startZaloWebhook } from "./runner.js";
import { createZaloTransport } from "./transport.js";

/** Connects Zalo: broadcasts reach Zalo subscribers; updates arrive by webhook or polling. */
export async function startZalo(app: App, config: Config): Promise<Stoppable> {
  const { token, apiRoot, webhookUrl, webhookSecret, webhookPort } = config.zalo;
  if (!token) throw new Error("startZalo needs ZALO_BOT_TOKEN");
  const { logger } = app.deps;
  const client = new ZaloClient(token, apiRoot);
  app.deps.delivery.engine.attach(createZaloTransport(client));
  const channel = await createZaloChannel(app.deps, client, app.storage.zalo);
  if (webhookUrl && webhookSecret) {
    const server = await startZaloWebhook(channel, {
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
  return startZaloPolling(client, channel, logger);
}
