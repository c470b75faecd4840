/** Wiring only: config → storage → domain → bot → start/stop. */
import "dotenv/config";
import { ConfigError, parseConfig } from "./config.js";
import { createApp } from "./app.js";
import { SeedError } from "./storage/seed.js";

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const app = await createApp(config);
  const { logger } = app.deps;
  if (!config.botToken) {
    const t = app.deps.i18n.t("vi");
    console.log(t("startup.no_token", { url: `http://127.0.0.1:${config.playgroundPort}` }));
    return;
  }
  const bot = app.telegramBot(config.botToken, config.telegramApiRoot);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await bot.stop();
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  await bot.init();
  await app.registerCommands(bot);
  await bot.start({
    onStart: (info) => logger.info({ username: info.username }, "bot started (long polling)"),
  });
  logger.info("stopped");
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof SeedError) {
    console.error(`Loa cannot start: ${error.message}`);
  } else {
    console.error("Loa crashed at start-up:", error);
  }
  process.exitCode = 1;
});
