/**
 * kill -9 of a process in the middle of group-committed writes and shard splits: every write
 * that had resolved is there after a restart, and the files open cleanly.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { openLowdbStorage } from "../../src/storage/lowdb-storage.js";

describe("storage under kill -9 (real process)", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("keeps every acknowledged write across kill -9 in the middle of commits and splits", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "loa-kill9-"));
    cleanups.push(() =>
      rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }),
    );
    for (const round of [1, 2]) {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", join(PROJECT_ROOT, "test/support/storage-child.ts")],
        {
          cwd: PROJECT_ROOT,
          env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: dataDir },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      cleanups.push(async () => {
        child.kill("SIGKILL");
        await exited;
      });
      let output = "";
      const acked = new Set<number>();
      await new Promise<void>((resolve) => {
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const lines = output.split("\n");
          output = lines.pop() ?? "";
          for (const line of lines) if (line.startsWith("ACK ")) acked.add(Number(line.slice(4)));
          // Kill once a few hundred users are in, while writers are still busy.
          if (acked.size >= 400 * round) {
            child.kill("SIGKILL");
            resolve();
          }
        });
      });
      await exited;
      const storage = await openLowdbStorage(dataDir, { targetPerShard: 8 });
      const users = await storage.users.getMany([...acked].map((n) => `telegram:${n}`));
      expect(users.size).toBe(acked.size);
      const subscribers = new Set(
        (await storage.subscriptions.forEvent("ev1")).map((r) => r.userKey),
      );
      for (const n of acked) expect(subscribers.has(`telegram:${n}`)).toBe(true);
      expect((await storage.users.stats(new Date(0))).total).toBeGreaterThanOrEqual(acked.size);
      await storage.close();
    }
  }, 60_000);
});
