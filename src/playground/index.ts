/**
 * The local playground (no-token mode): the real bot, polling the project's loopback Bot API
 * emulator, and a web chat on 127.0.0.1 where people talk to it as a customer or a coordinator.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import type { Logger } from "pino";
import { type App, createApp, PROJECT_ROOT, type RunningBot, startTelegram } from "../app.js";
import { type Config, ConfigError } from "../config.js";
import { TelegramEmulator } from "../emulator/telegram-emulator.js";
import type { Lang } from "../domain/types.js";
import type { ExampleValues } from "../presentation/examples.js";
import { createI18n, LANGUAGES, loadLocales } from "../presentation/i18n.js";
import { createSettableClock, type SettableClock } from "./clock.js";
import { createPlaygroundServer, type PlaygroundUser } from "./server.js";
import { createSseHub } from "./sse.js";
import { forwardEmulatorEvents } from "./live-feed.js";
import { startZaloSide, type ZaloSide } from "./zalo-side.js";

/** The page's language (Vietnamese, the source of truth): start-up line and preset names. */
const vi = createI18n(loadLocales(join(PROJECT_ROOT, "locales"))).t("vi");

/** The preset coordinator; always an admin in the playground. */
export const PLAYGROUND_COORDINATOR: PlaygroundUser = {
  id: 9000001,
  first_name: vi("playground.preset_coordinator"),
  language_code: "vi",
  coordinator: true,
};

/** The preset customer. */
export const PLAYGROUND_CUSTOMER: PlaygroundUser = {
  id: 1000001,
  first_name: vi("playground.preset_customer"),
  language_code: "vi",
  coordinator: false,
};

const TOKEN = "1000000:PLAYGROUND";
const STATIC_DIR = resolve(import.meta.dirname, "static");

/** Options for {@link startPlayground}. */
export interface PlaygroundOptions {
  /** HTTP port; 0 picks a free one. Defaults to `config.playgroundPort`. */
  port?: number;
  /** Defaults to 127.0.0.1: the playground is for this machine only. */
  host?: string;
  logger?: Logger;
  /** Called as soon as the page can be opened, before the bot has started. */
  onListening?: (url: string) => void;
}

/** A running playground. */
export interface Playground {
  url: string;
  emulator: TelegramEmulator;
  clock: SettableClock;
  app: App;
  /** Stops the bot, the emulator and the HTTP server; safe to call twice. */
  stop(): Promise<void>;
}

function loadPageStrings(): Record<Lang, Record<string, unknown>> {
  const strings = {} as Record<Lang, Record<string, unknown>>;
  for (const language of LANGUAGES) {
    const file = join(PROJECT_ROOT, "locales", `${language}.json`);
    const locale = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    strings[language] = (locale.playground ?? {}) as Record<string, unknown>;
  }
  return strings;
}

/** Fills the example placeholders (`{{exWhen}}`…) of the page's strings from the loaded data. */
function withExamples(
  strings: Record<Lang, Record<string, unknown>>,
  examples: (lang: Lang) => ExampleValues | undefined,
): Record<string, unknown> {
  const fill = (value: unknown, values: ExampleValues | undefined): unknown => {
    if (typeof value === "string")
      return value.replace(/\{\{(ex\w+)\}\}/g, (whole, key: string) =>
        values && key in values ? values[key as keyof ExampleValues] : whole,
      );
    if (Array.isArray(value)) return value.map((item) => fill(item, values));
    return value;
  };
  return Object.fromEntries(
    LANGUAGES.map((lang) => [
      lang,
      Object.fromEntries(
        Object.entries(strings[lang]).map(([key, value]) => [key, fill(value, examples(lang))]),
      ),
    ]),
  );
}

/** 09:00 Vietnam time three days before the earliest loaded event, so every event is upcoming. */
async function beforeFirstEvent(app: App): Promise<string | undefined> {
  const dates = (await app.storage.events.list()).map((e) => e.date).sort();
  const first = dates[0];
  if (!first) return undefined;
  const day = new Date(`${first}T09:00:00+07:00`);
  return new Date(day.getTime() - 3 * 24 * 3600 * 1000).toISOString();
}

/**
 * Starts the emulator, the bot against it (with the preset coordinator added to the admins and a
 * clock the page can move) and the HTTP server. The page is served before the bot is ready; its
 * API calls wait for the bot.
 */
export async function startPlayground(
  config: Config,
  options: PlaygroundOptions = {},
): Promise<Playground> {
  const adminIds = [...new Set([...config.adminIds, PLAYGROUND_COORDINATOR.id])];
  const clock = createSettableClock(config.botClock);
  const emulator = new TelegramEmulator({ token: TOKEN });
  const hub = createSseHub();
  const waitForCall = forwardEmulatorEvents(emulator, hub);
  const users = new Map<number, PlaygroundUser>(
    [PLAYGROUND_CUSTOMER, PLAYGROUND_COORDINATOR].map((user) => [user.id, { ...user }]),
  );
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const pageStrings = loadPageStrings();
  let app: App | undefined;
  let presetBeforeFirst: string | undefined;
  const extraRoutes: NonNullable<Parameters<typeof createPlaygroundServer>[0]["extraRoutes"]> = [];
  const server = createPlaygroundServer({
    emulator,
    clock,
    hub,
    staticDir: STATIC_DIR,
    strings: () => withExamples(pageStrings, (lang) => app?.examples(lang)),
    users,
    adminIds,
    clockPresets: () => (presetBeforeFirst ? { beforeFirst: presetBeforeFirst } : {}),
    // For the first-run banner: with only past events, offer to look as if before the first.
    catalogue: async () => {
      if (!app) return undefined;
      const dates = (await app.deps.admin.events.list()).map((e) => e.date).sort();
      const first = dates[0];
      const last = dates.at(-1);
      return first && last ? { first, last } : undefined;
    },
    waitForCall,
    ready,
    extraRoutes,
  });
  const port = options.port ?? config.playgroundPort;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new ConfigError(`PLAYGROUND_PORT: port ${port} is already in use; choose another one`)
          : error,
      );
    });
    server.listen(port, options.host ?? "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}`;
  options.onListening?.(url);

  const closeServer = async () => {
    hub.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  let running: RunningBot;
  let zalo: ZaloSide;
  try {
    const apiRoot = await emulator.start(0, "127.0.0.1");
    for (const user of users.values()) {
      emulator.addUser({
        id: user.id,
        first_name: user.first_name,
        language_code: user.language_code,
      });
    }
    app = await createApp(
      { ...config, adminIds },
      { clock, ...(options.logger ? { logger: options.logger } : {}) },
    );
    presetBeforeFirst = await beforeFirstEvent(app);
    running = await startTelegram(app, TOKEN, apiRoot);
    zalo = await startZaloSide(app, hub, STATIC_DIR);
    extraRoutes.push((request, response, path) => zalo.handle(request, response, path));
  } catch (error) {
    await emulator.stop().catch(() => undefined);
    await closeServer();
    throw error;
  }
  markReady();
  let stopping: Promise<void> | undefined;
  const started = app;
  return {
    url,
    emulator,
    clock,
    app: started,
    stop: () => {
      stopping ??= (async () => {
        await zalo.stop();
        await running.stop();
        await started.close();
        await closeServer();
        await emulator.stop();
      })();
      return stopping;
    },
  };
}

/**
 * `npm start` without a token: prints one line with the URL, runs the playground until SIGINT or
 * SIGTERM, then stops everything and resolves.
 */
export async function runPlayground(config: Config): Promise<void> {
  let stopRequested!: (signal: string) => void;
  const stopSignal = new Promise<string>((resolve) => {
    stopRequested = resolve;
  });
  process.once("SIGINT", () => stopRequested("SIGINT"));
  process.once("SIGTERM", () => stopRequested("SIGTERM"));
  const playground = await startPlayground(config, {
    onListening: (url) => console.log(vi("startup.no_token", { url })),
  });
  await stopSignal;
  await playground.stop();
}
