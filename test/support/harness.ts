/**
 * End-to-end harness: the real bot (createApp + startTelegram, exactly what `npm start` runs)
 * talking HTTP to the project's loopback Bot API emulator, with lowdb writing real files in a
 * temp dir. Tests talk to it as users do: typed text and button presses.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "grammy/types";
import pino from "pino";
import {
  type App,
  createApp,
  PROJECT_ROOT,
  type RunningBot,
  startTelegram,
} from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import { createManualClock, type ManualClock } from "../../src/domain/clock.js";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import type { SqlClient } from "../../src/storage/postgres/sql-client.js";
import { createServerDatabase, openPglite, type TestDatabase } from "./databases.js";

/** 30 Oct 2013, 09:00 in Vietnam: three days before the first seed event. */
export const BEFORE_2013_PROGRAMME = "2013-10-30T09:00:00+07:00";

/** Options for {@link startHarness}. */
export interface HarnessOptions {
  /** "Now" for the bot; defaults to {@link BEFORE_2013_PROGRAMME}. */
  clock?: string;
  adminIds?: number[];
  /** Reuse a data dir (e.g. after a restart); a fresh temp dir otherwise. */
  dataDir?: string;
  /** Seed directory (programmes, events, provinces, rules, settings); defaults to `data/`. */
  seedDir?: string;
  /** Reuse an emulator (e.g. across a restart). */
  emulator?: TelegramEmulator;
  /** State in PostgreSQL at this URL (`DATABASE_URL`) instead of lowdb files. */
  databaseUrl?: string;
  /** State in PostgreSQL through this open client (PGlite), instead of lowdb files. */
  sqlClient?: SqlClient;
  /** `COORDINATOR_CHAT_ID`: the coordinators' group that gets handoff tickets. */
  coordinatorChatId?: string;
}

/** A user as Telegram sends it. */
export interface TestUser {
  id: number;
  first_name: string;
  language_code?: string;
}

/** A running bot + emulator. */
export interface Harness {
  emulator: TelegramEmulator;
  app: App;
  running: RunningBot;
  clock: ManualClock;
  dataDir: string;
  /** Registers a user (private chat id = user id). */
  user(id: number, options?: Partial<TestUser>): TestUser;
  /** Sends text as the user and resolves with the bot's next message in that chat. */
  say(userId: number, text: string): Promise<Message>;
  /** Presses an inline button and resolves with the bot's next message in that chat. */
  press(userId: number, message: Message, data: string): Promise<Message>;
  /** Presses an inline button and resolves with that message as the bot edits it. */
  pressEdit(userId: number, message: Message, data: string): Promise<Message>;
  /** The callback_data of the button whose label contains `label`. */
  button(message: Message, label: string | RegExp): string;
  /** Stops the bot only (keeps emulator and data), then starts it again on the same files. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const TOKEN = "123456:TEST-TOKEN";

async function openE2eDatabase(): Promise<TestDatabase | undefined> {
  const choice = process.env.LOA_E2E_STORAGE;
  if (choice === "pglite") return openPglite();
  if (choice === "postgres") return createServerDatabase();
  return undefined;
}

/** Starts emulator + bot. Call `stop()` in `afterEach`/`afterAll`. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = options.emulator ?? new TelegramEmulator({ token: TOKEN });
  const apiRoot = options.emulator ? emulator.apiRoot : await emulator.start();
  // LOA_E2E_STORAGE=pglite|postgres runs every end-to-end test on PostgreSQL instead of lowdb.
  const database = options.databaseUrl || options.sqlClient ? undefined : await openE2eDatabase();
  if (database) {
    if (database.url) options = { ...options, databaseUrl: database.url };
    else options = { ...options, sqlClient: database.client };
  }
  const ownsDir = !options.dataDir;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "loa-test-")));
  const clock = createManualClock(new Date(options.clock ?? BEFORE_2013_PROGRAMME));
  const config = parseConfig({
    BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: apiRoot,
    DATA_DIR: dataDir,
    ADMIN_IDS: (options.adminIds ?? []).join(","),
    SEED_DIR: options.seedDir ?? join(PROJECT_ROOT, "data"),
    LOG_LEVEL: "silent",
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.coordinatorChatId ? { COORDINATOR_CHAT_ID: options.coordinatorChatId } : {}),
  });
  const boot = async () => {
    const app = await createApp(config, {
      clock,
      logger: pino({ level: "silent" }),
      ...(options.sqlClient
        ? { storage: await openPostgresStorage("", { client: options.sqlClient }) }
        : {}),
    });
    const running = await startTelegram(app, emulator.token, apiRoot);
    return { app, running };
  };
  let current = await boot();
  const harness: Harness = {
    emulator,
    get app() {
      return current.app;
    },
    get running() {
      return current.running;
    },
    clock,
    dataDir,
    user(id, extra = {}) {
      const user: TestUser = { id, first_name: extra.first_name ?? `User${id}`, ...extra };
      emulator.addUser(user);
      return user;
    },
    async say(userId, text) {
      const next = emulator.waitForBotMessage(userId);
      emulator.sendText(userId, text);
      return next;
    },
    async press(userId, message, data) {
      const next = emulator.waitForBotMessage(userId);
      emulator.pressButton(userId, message.message_id, data);
      return next;
    },
    async pressEdit(userId, message, data) {
      const next = emulator.waitForBotEdit(userId, (m) => m.message_id === message.message_id);
      emulator.pressButton(userId, message.message_id, data);
      return next;
    },
    button(message, label) {
      const markup = message.reply_markup?.inline_keyboard ?? [];
      for (const row of markup) {
        for (const button of row) {
          const matches =
            typeof label === "string" ? button.text.includes(label) : label.test(button.text);
          if (matches && "callback_data" in button && button.callback_data) {
            return button.callback_data;
          }
        }
      }
      throw new Error(
        `no button ${String(label)} in ${JSON.stringify(markup.map((r) => r.map((b) => b.text)))}`,
      );
    },
    async restart() {
      await current.running.stop();
      await current.app.close();
      current = await boot();
    },
    async stop() {
      await current.running.stop();
      await current.app.close();
      if (!options.emulator) await emulator.stop();
      await database?.drop();
      if (ownsDir)
        await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
  return harness;
}

/** Text of a bot message (text or caption). */
export function textOf(message: Message): string {
  return message.text ?? message.caption ?? "";
}
