/**
 * One Loa app on lowdb files with its Zalo channel polling the project's Zalo emulator over
 * HTTP: what the Zalo end-to-end tests start.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { type App, createApp, PROJECT_ROOT } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import { createManualClock } from "../../src/domain/clock.js";
import { ZaloEmulator } from "../../src/emulator/zalo-emulator.js";
import { createZaloChannel, type ZaloChannel } from "../../src/zalo/channel.js";
import { ZaloClient } from "../../src/zalo/client.js";
import { type Stoppable, startZaloPolling } from "../../src/zalo/runner.js";
import { createZaloTransport } from "../../src/zalo/transport.js";

/** A running Zalo bot and its emulator. */
export interface ZaloHarness {
  emulator: ZaloEmulator;
  app: App;
  channel: ZaloChannel;
  dataDir: string;
  /** Sends `text` as `user` and resolves with the bot's next message to them. */
  ask(user: string, text: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the emulator and the bot on `seedDir` (default the committed `data/`) at `clock`. */
export async function startZaloHarness(options: {
  clock: string;
  seedDir?: string;
}): Promise<ZaloHarness> {
  const logger = pino({ level: "silent" });
  const dataDir = await mkdtemp(join(tmpdir(), "loa-zalo-"));
  const emulator = new ZaloEmulator();
  await emulator.start();
  const app = await createApp(
    parseConfig({
      DATA_DIR: dataDir,
      SEED_DIR: join(PROJECT_ROOT, options.seedDir ?? "data"),
    }),
    { logger, clock: createManualClock(new Date(options.clock)) },
  );
  const client = new ZaloClient(emulator.token, emulator.apiRoot);
  app.deps.delivery.engine.attach(createZaloTransport(client));
  const channel = await createZaloChannel(app.deps, client, app.storage.zalo);
  const polling: Stoppable = startZaloPolling(client, channel, logger);
  return {
    emulator,
    app,
    channel,
    dataDir,
    async ask(user, text) {
      const reply = emulator.waitForBotMessage(user);
      await emulator.sendText(user, text);
      return reply;
    },
    async stop() {
      await polling.stop();
      await emulator.stop();
      await app.deps.delivery.engine.shutdown();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}
