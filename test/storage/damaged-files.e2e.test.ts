/**
 * Damaged files in DATA_DIR, through the real process (`src/main.ts`): the bot refuses to start
 * with one line naming the file, the problem and how to recover, and never starts on empty data
 * instead; a damaged broadcast job is reported and skipped while the others still work.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { TelegramEmulator } from "../../src/emulator/telegram-emulator.js";
import { type BotProcess, spawnBot } from "../support/bot-process.js";
import { textOf } from "../support/harness.js";

describe("damaged files in DATA_DIR (real process)", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "loa-damaged-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
    return dir;
  }

  async function emulator(): Promise<TelegramEmulator> {
    const emu = new TelegramEmulator({ token: "42:DAMAGE" });
    await emu.start();
    cleanups.push(() => emu.stop());
    return emu;
  }

  function track(bot: BotProcess): BotProcess {
    cleanups.push(async () => {
      if (bot.child.exitCode === null && bot.child.signalCode === null) {
        bot.kill("SIGKILL");
        await bot.exited;
      }
    });
    return bot;
  }

  /** Starts the bot once on `dataDir` so it holds real state, then stops it. */
  async function dataDirWithState(emu: TelegramEmulator): Promise<string> {
    const dataDir = await tempDir();
    const bot = track(
      spawnBot({
        BOT_TOKEN: emu.token,
        TELEGRAM_API_ROOT: emu.apiRoot,
        DATA_DIR: dataDir,
        BOT_CLOCK: "2013-10-30T09:00:00+07:00",
      }),
    );
    await bot.waitForOutput(/bot started/);
    emu.addUser({ id: 801, first_name: "Lan" });
    const reply = emu.waitForBotMessage(801);
    emu.sendText(801, "/theodoi ha giang");
    await reply;
    bot.kill("SIGTERM");
    await bot.exited;
    return dataDir;
  }

  /** Runs the bot on `dataDir` expecting it to refuse; returns its only output line. */
  async function refusal(emu: TelegramEmulator, dataDir: string, seedDir?: string) {
    const bot = track(
      spawnBot({
        BOT_TOKEN: emu.token,
        TELEGRAM_API_ROOT: emu.apiRoot,
        DATA_DIR: dataDir,
        LOG_LEVEL: "silent",
        ...(seedDir ? { SEED_DIR: seedDir } : {}),
      }),
    );
    const exit = await bot.exited;
    expect(exit.code).toBe(1);
    const lines = bot.output().trim().split("\n");
    expect(lines, bot.output()).toHaveLength(1);
    expect(lines[0]).toMatch(/^Loa cannot start: /);
    expect(lines[0]).not.toMatch(/at .*\.ts:\d+/);
    return lines[0] ?? "";
  }

  it("a truncated events.json: one line with the file, the problem and how to recover", async () => {
    const emu = await emulator();
    const dataDir = await dataDirWithState(emu);
    const file = join(dataDir, "events.json");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
    const line = await refusal(emu, dataDir);
    expect(line).toContain(file);
    expect(line).toContain("not valid JSON");
    expect(line).toContain("restore this file from a backup");
  });

  it("a state file holding null or {} is damage, not empty data", async () => {
    const emu = await emulator();
    const dataDir = await dataDirWithState(emu);
    await writeFile(join(dataDir, "admins.json"), "null");
    expect(await refusal(emu, dataDir)).toContain(join(dataDir, "admins.json"));
    await rm(join(dataDir, "admins.json"));
    // The subscription made above lives in one shard of the subscriptions collection.
    const shards = (await readdir(join(dataDir, "subscriptions"))).filter((n) =>
      /^\d+\.json$/.test(n),
    );
    const shard = join(dataDir, "subscriptions", shards[0] ?? "0.json");
    await writeFile(shard, "{}");
    const line = await refusal(emu, dataDir);
    expect(line).toContain(shard);
    expect(line).toContain("records");
  });

  it("an old-layout users.json holding null refuses to start instead of migrating nothing", async () => {
    const emu = await emulator();
    const dataDir = await tempDir();
    await writeFile(join(dataDir, "users.json"), "null");
    expect(await refusal(emu, dataDir)).toContain(join(dataDir, "users.json"));
  });

  it("a broken settings.json in the seed dir is named like the other seed files", async () => {
    const emu = await emulator();
    const seedDir = await tempDir();
    await cp(join(PROJECT_ROOT, "data"), seedDir, {
      recursive: true,
      filter: (src) => !src.includes("runtime"),
    });
    await writeFile(join(seedDir, "settings.json"), '{"broadcast": {"perSecond": -1}}');
    const line = await refusal(emu, await tempDir(), seedDir);
    expect(line).toContain(join(seedDir, "settings.json"));
    expect(line).toContain("broadcast.perSecond");
    await writeFile(join(seedDir, "settings.json"), '{"broadcast": ');
    const truncated = await refusal(emu, await tempDir(), seedDir);
    expect(truncated).toContain(join(seedDir, "settings.json"));
    expect(truncated).toContain("not valid JSON");
  });

  it("a damaged broadcast job.json is reported and skipped; /broadcasts lists the others", async () => {
    const emu = await emulator();
    const dataDir = await dataDirWithState(emu);
    const job = (id: string, minute: number) => ({
      id,
      audience: { kind: "all" },
      content: { html: "Tin" },
      paid: false,
      createdBy: "telegram:1",
      createdAt: `2013-10-30T01:${String(minute).padStart(2, "0")}:00.000Z`,
      state: "done",
      total: 2,
    });
    for (const [id, content] of [
      ["goodjob1", JSON.stringify(job("goodjob1", 1))],
      ["badjob22", '{"id": "badjob22", "state": '],
      ["goodjob3", JSON.stringify(job("goodjob3", 3))],
    ] as const) {
      const dir = join(dataDir, "broadcasts", id);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, "job.json"), content);
      await writeFile(join(dir, "recipients.ndjson"), "");
      await writeFile(
        join(dir, "outcomes.ndjson"),
        `${JSON.stringify({ k: "telegram:5", r: "sent" })}\n`,
      );
    }
    const bot = track(
      spawnBot({
        BOT_TOKEN: emu.token,
        TELEGRAM_API_ROOT: emu.apiRoot,
        DATA_DIR: dataDir,
        ADMIN_IDS: "900",
        BOT_CLOCK: "2013-10-30T09:00:00+07:00",
      }),
    );
    await bot.waitForOutput(/bot started/);
    expect(bot.output()).toContain(join(dataDir, "broadcasts", "badjob22", "job.json"));
    emu.addUser({ id: 900, first_name: "Điều phối" });
    const reply = emu.waitForBotMessage(900);
    emu.sendText(900, "/broadcasts");
    const text = textOf(await reply);
    expect(text).toContain("goodjob3");
    expect(text).toContain("goodjob1");
    expect(text).not.toContain("badjob22");
    expect(text.indexOf("goodjob3")).toBeLessThan(text.indexOf("goodjob1"));
  });
});
