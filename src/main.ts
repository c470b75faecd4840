/** Wiring only: config → storage → domain → bot → start/stop. */
import "dotenv/config";
import { GrammyError, HttpError } from "grammy";
import { ConfigError, parseConfig } from "./config.js";
import { createApp, startTelegram } from "./app.js";
import { SeedError } from "./storage/seed.js";
import { StorageError } from "./storage/storage.js";
import { startZalo } from "./zalo/index.js";
import type { Stoppable } from "./zalo/runner.js";

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  if (!config.botToken) {
    // The emulator and the playground are test and demo infrastructure: loaded only here.
    const { runPlayground } = await import("./playground/index.js");
    await runPlayground(config);
    return;
  }
  const app = await createApp(config);
  const { logger } = app.deps;
  const running = await startTelegram(app, config.botToken, config.telegramApiRoot, {
    webhook: config.webhook,
    metricsPort: config.metricsPort,
  });
  let zalo: Stoppable | undefined;
  const stop = (signal: string) => {
    logger.info({ signal }, "stopping");
    // Whatever still holds the event loop (a send to an unreachable API, a slow disk) must not
    // keep the process: what was not done is in the inbox and replayed at the next start.
    setTimeout(() => {
      logger.warn("stop took too long; exiting");
      process.exit(0);
    }, 4500).unref();
    void Promise.all([running.stop(), zalo?.stop()]);
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  zalo = config.zalo.token ? await startZalo(app, config) : undefined;
  await running.done;
  // `done` resolves as soon as receiving ends; the drain (updates being handled, their
  // inbox marks, chat locks) must finish before storage closes, or a handled update would
  // stay pending and be answered again by another instance or the next start.
  await running.stop();
  await zalo?.stop();
  await app.close();
  logger.info("stopped");
}

main()
  .catch((error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof SeedError ||
      error instanceof StorageError
    ) {
      console.error(`Loa cannot start: ${error.message}`);
    } else if (
      error instanceof GrammyError &&
      (error.error_code === 401 || error.error_code === 404)
    ) {
      console.error(
        `Loa cannot start: Telegram refused BOT_TOKEN (${error.description}); check the token.`,
      );
    } else if (error instanceof HttpError) {
      console.error(
        `Loa cannot start: cannot reach the Telegram Bot API (${String(error.error)}); check TELEGRAM_API_ROOT and the network.`,
      );
    } else {
      console.error("Loa crashed at start-up:", error);
    }
    process.exitCode = 1;
  })
  // Everything is stopped and written by now; a background retry (menus against an API that is
  // gone) must not keep the process alive. stdout/stderr pipes are synchronous on Linux.
  .finally(() => process.exit());
