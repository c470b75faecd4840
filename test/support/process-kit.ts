/** Small helpers for tests that run the bot as real processes beside the emulator. */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import type { BotProcess } from "./bot-process.js";

/** A free local TCP port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Cleanups run in reverse order after each test. */
export class Cleanups {
  private readonly tasks: Array<() => Promise<unknown>> = [];

  add(task: () => Promise<unknown>): void {
    this.tasks.push(task);
  }

  async run(): Promise<void> {
    for (const task of this.tasks.splice(0).reverse()) await task();
  }

  /** A temp dir removed afterwards. */
  async tempDir(prefix = "loa-proc-"): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    this.add(() => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
    return dir;
  }

  /** Kills the process afterwards if the test left it running. */
  track(bot: BotProcess): BotProcess {
    this.add(async () => {
      if (bot.child.exitCode === null && bot.child.signalCode === null) {
        bot.kill("SIGKILL");
        await bot.exited;
      }
    });
    return bot;
  }
}

/** Resolves once `done()` holds, checking after every bot message (or rejects after `timeoutMs`). */
export function untilMessages(
  emulator: TelegramEmulator,
  done: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!done()) return;
      clearTimeout(timer);
      emulator.off("message", check);
      resolve();
    };
    const timer = setTimeout(() => {
      emulator.off("message", check);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    emulator.on("message", check);
    check();
  });
}
