/**
 * The README's "Running several instances" commands, run as written: the `npm start` lines of
 * its code block, with the database, token, public URL and ports swapped for this test's own
 * (a fresh database on TEST_DATABASE_URL, the emulator, a round-robin proxy, free ports) and
 * everything else — the variables, the secret, the admin ids, the command — taken from the
 * README. Both instances come up in webhook mode, are healthy, share the customers, serve
 * /metrics, and stop cleanly on SIGTERM.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../src/app.js";
import { TelegramEmulator } from "../src/emulator/telegram-emulator.js";
import { createServerDatabase, SERVER_SKIP_NOTE, TEST_DATABASE_URL } from "./support/databases.js";
import { textOf } from "./support/harness.js";
import { Cleanups, freePort, untilMessages } from "./support/process-kit.js";
import { roundRobin } from "./support/round-robin.js";

/** The `VAR=value … npm start` lines of the README's several-instances code block. */
async function readmeCommands(): Promise<Array<Record<string, string>>> {
  const readme = await readFile(join(PROJECT_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Running several instances"));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .filter((line) => line.trim().endsWith("npm start"))
    .map((line) => {
      const words = line.trim().split(/\s+/);
      expect(words.slice(-2)).toEqual(["npm", "start"]);
      return Object.fromEntries(
        words.slice(0, -2).map((word) => {
          const match = /^([A-Z_]+)=(.*)$/.exec(word);
          if (!match) throw new Error(`not VAR=value: ${word}`);
          return [match[1] as string, match[2] as string];
        }),
      );
    });
}

/** `npm start` itself, with `env` on top of PATH and HOME only. */
function npmStart(env: Record<string, string>) {
  // Its own process group: npm does not pass signals on, so a stop signals the group (as
  // systemd does), and cleanup can kill everything npm started.
  const child = spawn("npm", ["start", "--silent"], {
    detached: true,
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const seen = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const wake of seen) wake();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid ?? 0), signal);
    } catch {
      // already gone
    }
  };
  return {
    child,
    exited,
    signalGroup,
    output: () => output,
    /** The bot's own pid, from its log lines. */
    botPid: () => Number(/"pid":(\d+)/.exec(output)?.[1] ?? 0),
    waitFor: (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          seen.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          seen.delete(check);
          reject(new Error(`no ${pattern} in:\n${output}`));
        }, 40_000);
        seen.add(check);
        check();
      }),
  };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!TEST_DATABASE_URL)("README: Running several instances", () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it("the documented commands start two instances that answer as one bot", async () => {
    const commands = await readmeCommands();
    expect(commands).toHaveLength(2);
    // The documented environment: the same for both instances but PORT.
    for (const env of commands) {
      expect(Object.keys(env).sort()).toEqual(
        ["ADMIN_IDS", "BOT_TOKEN", "DATABASE_URL", "PORT", "WEBHOOK_SECRET", "WEBHOOK_URL"].sort(),
      );
      expect({ ...env, PORT: "" }).toEqual({ ...commands[0], PORT: "" });
    }
    expect(commands[0]?.PORT).not.toBe(commands[1]?.PORT);

    const database = await createServerDatabase();
    cleanups.add(() => database.drop());
    const emulator = new TelegramEmulator({ token: "86:README", recordCalls: false });
    const apiRoot = await emulator.start();
    cleanups.add(() => emulator.stop());
    const ports = [await freePort(), await freePort()];
    const proxy = await roundRobin(ports.map((port) => `http://127.0.0.1:${port}`));
    cleanups.add(() => new Promise((resolve) => proxy.server.close(resolve)));
    const instances = commands.map((documented, i) => {
      const env = {
        ...documented,
        DATABASE_URL: database.url,
        BOT_TOKEN: emulator.token,
        // The same path as the documented URL, on the test's load balancer.
        WEBHOOK_URL: `${proxy.url}${new URL(documented.WEBHOOK_URL ?? "").pathname}`,
        PORT: String(ports[i]),
        TELEGRAM_API_ROOT: apiRoot,
      };
      const instance = npmStart(env);
      cleanups.add(async () => instance.signalGroup("SIGKILL"));
      return instance;
    });
    for (const instance of instances) await instance.waitFor(/bot started \(webhook\)/);
    for (const port of ports) {
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    }

    const chats = Array.from({ length: 10 }, (_, i) => 8000 + i);
    for (const id of chats) emulator.addUser({ id, first_name: `U${id}`, language_code: "vi" });
    for (const id of chats) emulator.sendText(id, "ha noi");
    const answered = (id: number) =>
      emulator
        .messages(id)
        .filter((m) => m.from?.id === emulator.botUser.id && textOf(m).includes("Hà Nội"));
    await untilMessages(
      emulator,
      () => chats.every((id) => answered(id).length >= 1),
      60_000,
      "every customer answered",
    );
    for (const id of chats) expect(answered(id)).toHaveLength(1);
    // Both served the customers, and each reports its own share on /metrics (read once both
    // have marked their updates done: a handler is counted right after its answer went out).
    const scrape = async (port: number, name: string) => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const line = text.split("\n").find((l) => l.startsWith(`${name} `));
      return Number(line?.split(" ")[1] ?? Number.NaN);
    };
    for (const port of ports) {
      while ((await scrape(port, "loa_update_backlog")) !== 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const handled = await Promise.all(
      ports.map((port) => scrape(port, 'loa_updates_handled_total{outcome="ok"}')),
    );
    expect(handled.every((n) => n > 0)).toBe(true);
    expect(handled.reduce((a, b) => a + b, 0)).toBe(chats.length);

    // SIGTERM to each instance's process group: the bot drains, logs "stopped" and is gone.
    for (const instance of instances) instance.signalGroup("SIGTERM");
    for (const instance of instances) {
      await instance.waitFor(/"msg":"stopped"/);
      await instance.exited;
      const pid = instance.botPid();
      expect(pid).toBeGreaterThan(0);
      while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(instance.output()).not.toMatch(/stop took too long/);
    }
  }, 120_000);
});

if (!TEST_DATABASE_URL) console.log(SERVER_SKIP_NOTE);
