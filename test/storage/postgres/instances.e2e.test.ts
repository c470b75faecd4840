/**
 * Several instances on one PostgreSQL server send one broadcast together: each recipient once,
 * the combined pace under the platform's limit, and `kill -9` of one instance mid-send costs at
 * most what it had in flight (the others take over its claims when their lease expires).
 * Needs a real server (TEST_DATABASE_URL): PGlite lives inside one process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../src/app.js";
import { TelegramEmulator } from "../../../src/emulator/telegram-emulator.js";
import { telegramRecipients } from "../../support/broadcast-setup.js";
import {
  createServerDatabase,
  TEST_DATABASE_URL,
  type TestDatabase,
} from "../../support/databases.js";

const TOKEN = "123456:SHARED";

interface Child {
  child: ChildProcess;
  exited: Promise<void>;
  output(): string;
}

function spawnInstance(env: Record<string, string>): Child {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(PROJECT_ROOT, "test/support/shared-broadcast-child.ts")],
    {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, exited, output: () => output };
}

describe.skipIf(!TEST_DATABASE_URL)("two instances, one broadcast (real PostgreSQL)", () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it("kill -9 of one instance mid-send: everyone gets it, duplicates within its in-flight bound, at most one 429", async () => {
    const count = 300;
    const maxInFlight = 8;
    const emulator = new TelegramEmulator({
      token: TOKEN,
      limits: { perChatPerSecond: 1, globalPerSecond: 30 },
    });
    const apiRoot = await emulator.start();
    cleanup.push(() => emulator.stop());
    const db: TestDatabase & { url: string } = await createServerDatabase();
    cleanup.push(() => db.drop());
    const recipients = telegramRecipients(count);
    for (const r of recipients) emulator.addUser({ id: Number(r.chatId), first_name: r.key });
    const env = (instance: string) => ({
      DATABASE_URL: db.url,
      API_ROOT: apiRoot,
      TOKEN,
      RATE: "30",
      COUNT: String(count),
      MAX_IN_FLIGHT: String(maxInFlight),
      LEASE_MS: "2000",
      INSTANCE: instance,
    });
    const delivered = () => emulator.stats().sent;

    const a = spawnInstance(env("a"));
    const b = spawnInstance(env("b"));
    cleanup.push(async () => {
      a.child.kill("SIGKILL");
      b.child.kill("SIGKILL");
    });
    // Kill `a` inside the emulator's handling of the 100th delivery, before its answer goes out.
    await new Promise<void>((resolve) => {
      const onCall = () => {
        if (delivered() < 100) return;
        emulator.off("call", onCall);
        a.child.kill("SIGKILL");
        resolve();
      };
      emulator.on("call", onCall);
    });
    await a.exited;
    const atCrash = delivered();
    expect(atCrash).toBeLessThan(count);
    await b.exited;
    expect(b.output()).toContain(`DONE ${count} 0 0`);

    let duplicates = 0;
    for (const r of recipients) {
      const got = emulator.deliveredCount(Number(r.chatId));
      expect(got).toBeGreaterThanOrEqual(1);
      duplicates += got - 1;
    }
    const sends = emulator.calls.filter((c) => c.method === "sendMessage").map((c) => c.at);
    const seconds = ((sends.at(-1) ?? 0) - (sends[0] ?? 0)) / 1000;
    console.info(
      `two instances, kill -9 of one after ${atCrash} deliveries: ${duplicates} duplicate(s) (bound ${maxInFlight}), ` +
        `${(sends.length / seconds).toFixed(1)} sends/s combined (${((sends.length / seconds / 30) * 100).toFixed(0)}% of 30/s), ` +
        `${emulator.stats().rejected429} × 429`,
    );
    expect(duplicates).toBeLessThanOrEqual(maxInFlight);
    // The emulator answers 429 past 30 messages in any second. The issue allows one: two
    // processes' timers on a loaded machine can bunch two sends; the pace then pauses everyone.
    expect(emulator.stats().rejected429).toBeLessThanOrEqual(1);
  });
});
