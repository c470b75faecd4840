import { z } from "zod";

/** Parsed, validated configuration. `src/config.ts` is the only reader of `process.env`. */
export interface Config {
  /** Telegram token; undefined means "no token: run the local playground". */
  botToken: string | undefined;
  telegramApiRoot: string;
  dataDir: string;
  adminIds: number[];
  /** "Now" at start-up, when set; time runs on from there. */
  botClock: Date | undefined;
  logLevel: string;
  playgroundPort: number;
  /** Directory with the committed seed content. */
  seedDir: string;
}

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const envSchema = z.object({
  BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: optionalString,
  DATA_DIR: optionalString,
  ADMIN_IDS: optionalString,
  BOT_CLOCK: optionalString,
  LOG_LEVEL: optionalString,
  PLAYGROUND_PORT: optionalString,
  SEED_DIR: optionalString,
});

/** A configuration problem a person can fix by setting an environment variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const LOG_LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/**
 * Parses the environment into a {@link Config}. Pure: takes the env as an argument.
 * Throws {@link ConfigError} naming the variable and the problem.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const raw = envSchema.parse(env);
  const adminIds = (raw.ADMIN_IDS ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      if (!/^-?\d+$/.test(part)) {
        throw new ConfigError(`ADMIN_IDS: "${part}" is not a Telegram user id (digits only)`);
      }
      return Number(part);
    });
  let botClock: Date | undefined;
  if (raw.BOT_CLOCK) {
    botClock = new Date(raw.BOT_CLOCK);
    if (Number.isNaN(botClock.getTime())) {
      throw new ConfigError(
        `BOT_CLOCK: "${raw.BOT_CLOCK}" is not an ISO-8601 instant (e.g. 2013-11-01T08:00:00+07:00)`,
      );
    }
  }
  const logLevel = raw.LOG_LEVEL ?? "info";
  if (!LOG_LEVELS.has(logLevel)) {
    throw new ConfigError(`LOG_LEVEL: "${logLevel}" is not one of ${[...LOG_LEVELS].join(", ")}`);
  }
  const playgroundPort = Number(raw.PLAYGROUND_PORT ?? "3000");
  if (!Number.isInteger(playgroundPort) || playgroundPort < 0 || playgroundPort > 65535) {
    throw new ConfigError(`PLAYGROUND_PORT: "${raw.PLAYGROUND_PORT}" is not a port number`);
  }
  const apiRoot = (raw.TELEGRAM_API_ROOT ?? "https://api.telegram.org").replace(/\/+$/, "");
  if (!/^https?:\/\//.test(apiRoot)) {
    throw new ConfigError(`TELEGRAM_API_ROOT: "${apiRoot}" must start with http:// or https://`);
  }
  return {
    botToken: raw.BOT_TOKEN,
    telegramApiRoot: apiRoot,
    dataDir: raw.DATA_DIR ?? "./data/runtime",
    adminIds,
    botClock,
    logLevel,
    playgroundPort,
    seedDir: raw.SEED_DIR ?? "./data",
  };
}
