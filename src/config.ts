import { z } from "zod";

/** Parsed, validated configuration. `src/config.ts` is the only reader of `process.env`. */
export interface Config {
  /** Telegram token; undefined means "no token: run the local playground". */
  botToken: string | undefined;
  telegramApiRoot: string;
  dataDir: string;
  /** `postgres://…`: all state in PostgreSQL (several instances may share it) instead of lowdb. */
  databaseUrl: string | undefined;
  adminIds: number[];
  /**
   * The coordinators' Telegram group: customers' requests for a person go there (with
   * "💬 Trả lời"); undefined sends them to every coordinator as a direct message.
   */
  coordinatorChatId: string | undefined;
  /** "Now" at start-up, when set; time runs on from there. */
  botClock: Date | undefined;
  logLevel: string;
  playgroundPort: number;
  /** Directory with the committed seed content. */
  seedDir: string;
  /** Telegram webhook mode; undefined means long polling. */
  webhook:
    | {
        /** Public URL Telegram posts to; its path is where the bot listens. */
        url: string;
        /** `secret_token` of `setWebhook`, checked on every request. */
        secret: string;
        /** Local HTTP port (webhook path, `/healthz`). */
        port: number;
      }
    | undefined;
  /**
   * Long polling with `PORT` set explicitly: `GET /metrics` and `GET /healthz` are served on it
   * (webhook mode serves them beside the webhook). Undefined otherwise.
   */
  metricsPort: number | undefined;
  /** Zalo Bot Platform channel; undefined token means Telegram only. */
  zalo: {
    token: string | undefined;
    apiRoot: string;
    /** Set both to receive updates by webhook; otherwise Loa polls. */
    webhookUrl: string | undefined;
    webhookSecret: string | undefined;
    /** Local port the webhook server listens on. */
    webhookPort: number;
  };
}

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const envSchema = z.object({
  BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: optionalString,
  DATA_DIR: optionalString,
  DATABASE_URL: optionalString,
  ADMIN_IDS: optionalString,
  COORDINATOR_CHAT_ID: optionalString,
  BOT_CLOCK: optionalString,
  LOG_LEVEL: optionalString,
  PLAYGROUND_PORT: optionalString,
  SEED_DIR: optionalString,
  WEBHOOK_URL: optionalString,
  WEBHOOK_SECRET: optionalString,
  PORT: optionalString,
  ZALO_BOT_TOKEN: optionalString,
  ZALO_API_ROOT: optionalString,
  ZALO_WEBHOOK_URL: optionalString,
  ZALO_WEBHOOK_SECRET: optionalString,
  ZALO_WEBHOOK_PORT: optionalString,
});

/** A configuration problem a person can fix by setting an environment variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const LOG_LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

function parseZalo(raw: z.output<typeof envSchema>): Config["zalo"] {
  if (raw.ZALO_WEBHOOK_URL && !raw.ZALO_WEBHOOK_SECRET) {
    throw new ConfigError("ZALO_WEBHOOK_SECRET: required with ZALO_WEBHOOK_URL");
  }
  const webhookPort = Number(raw.ZALO_WEBHOOK_PORT ?? "8443");
  if (!Number.isInteger(webhookPort) || webhookPort < 0 || webhookPort > 65535) {
    throw new ConfigError(`ZALO_WEBHOOK_PORT: "${raw.ZALO_WEBHOOK_PORT}" is not a port number`);
  }
  return {
    token: raw.ZALO_BOT_TOKEN,
    apiRoot: (raw.ZALO_API_ROOT ?? "https://bot-api.zaloplatforms.com").replace(/\/+$/, ""),
    webhookUrl: raw.ZALO_WEBHOOK_URL,
    webhookSecret: raw.ZALO_WEBHOOK_SECRET,
    webhookPort,
  };
}

function parseWebhook(raw: z.output<typeof envSchema>): Config["webhook"] {
  const port = Number(raw.PORT ?? "8080");
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT: "${raw.PORT}" is not a port number`);
  }
  if (!raw.WEBHOOK_URL) return undefined;
  let url: URL;
  try {
    url = new URL(raw.WEBHOOK_URL);
  } catch {
    throw new ConfigError(`WEBHOOK_URL: "${raw.WEBHOOK_URL}" is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`WEBHOOK_URL: "${raw.WEBHOOK_URL}" must start with https://`);
  }
  if (!raw.WEBHOOK_SECRET) {
    throw new ConfigError(
      "WEBHOOK_SECRET: required with WEBHOOK_URL (1-256 characters: A-Z, a-z, 0-9, _ and -)",
    );
  }
  // Telegram's rule for secret_token.
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(raw.WEBHOOK_SECRET)) {
    throw new ConfigError(
      "WEBHOOK_SECRET: must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)",
    );
  }
  return { url: url.toString(), secret: raw.WEBHOOK_SECRET, port };
}

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
  const coordinatorChatId = raw.COORDINATOR_CHAT_ID;
  if (coordinatorChatId !== undefined && !/^-?\d+$/.test(coordinatorChatId)) {
    throw new ConfigError(
      `COORDINATOR_CHAT_ID: "${coordinatorChatId}" is not a Telegram chat id (digits, e.g. -1001234567890)`,
    );
  }
  let botClock: Date | undefined;
  if (raw.BOT_CLOCK) {
    botClock = new Date(raw.BOT_CLOCK);
    if (Number.isNaN(botClock.getTime())) {
      throw new ConfigError(
        `BOT_CLOCK: "${raw.BOT_CLOCK}" is not an ISO-8601 instant (e.g. 2030-01-15T08:00:00+07:00)`,
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
  if (raw.DATABASE_URL && !/^postgres(ql)?:\/\//.test(raw.DATABASE_URL)) {
    throw new ConfigError(
      "DATABASE_URL: must start with postgres:// (e.g. postgres://loa:secret@127.0.0.1:5432/loa)",
    );
  }
  const webhook = parseWebhook(raw);
  return {
    botToken: raw.BOT_TOKEN,
    telegramApiRoot: apiRoot,
    dataDir: raw.DATA_DIR ?? "./data/runtime",
    databaseUrl: raw.DATABASE_URL,
    adminIds,
    coordinatorChatId,
    botClock,
    logLevel,
    playgroundPort,
    seedDir: raw.SEED_DIR ?? "./data",
    webhook,
    metricsPort: !webhook && raw.PORT !== undefined ? Number(raw.PORT) : undefined,
    zalo: parseZalo(raw),
  };
}
