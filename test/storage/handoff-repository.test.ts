/** Care-desk tickets on lowdb files: one ticket's write leaves the other tickets' files alone. */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HandoffTicket } from "../../src/domain/admin/handoff.js";
import { openHandoffRepository } from "../../src/storage/handoff-repository.js";

const ticket = (n: number): HandoffTicket => ({
  id: `t${n}`,
  createdAt: new Date(Date.UTC(2030, 0, 1, 0, n)).toISOString(),
  source: "handoff",
  askers: [{ userKey: `telegram:${n}`, lang: "vi", text: `câu hỏi ${n}` }],
  prompts: [],
  replies: [],
});

async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(dir)).filter((name) => /^\d+\.json$/.test(name));
  return new Map(
    await Promise.all(
      files.map(async (name) => [name, await readFile(join(dir, name), "utf8")] as const),
    ),
  );
}

describe("handoff tickets on lowdb", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "loa-handoff-"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it("answering one ticket appends one line, then rewrites one shard; no file holds every ticket", async () => {
    const registry = new Set<{ flush(): Promise<void> }>();
    const checkpoint = () => Promise.all([...registry].map((collection) => collection.flush()));
    const repo = await openHandoffRepository(dataDir, { targetPerShard: 8, registry });
    for (let n = 0; n < 200; n++) await repo.put(ticket(n));
    await checkpoint();
    const dir = join(dataDir, "handoff");
    const before = await snapshot(dir);
    expect(before.size).toBeGreaterThan(10);
    await repo.put({
      ...ticket(42),
      prompts: [{ chatId: "-100", messageId: 7, mode: "reply", by: 9 }],
      replies: [{ at: "2030-01-02T00:00:00.000Z", by: 9, text: "Chào bác", mode: "reply" }],
    });
    // On disk when put resolves: one line in the collection's log, no shard rewritten yet.
    const log = await readFile(join(dir, "log.ndjson"), "utf8");
    expect(log.trim().split("\n")).toHaveLength(1);
    expect(log).toContain("Chào bác");
    expect(await snapshot(dir)).toEqual(before);
    await checkpoint();
    const after = await snapshot(dir);
    const changed = [...after].filter(([name, text]) => before.get(name) !== text);
    expect(changed).toHaveLength(1);
    expect(changed[0]?.[1]).toContain("Chào bác");
    const reopened = await openHandoffRepository(dataDir, { targetPerShard: 8 });
    expect((await reopened.byPrompt("-100", 7))?.id).toBe("t42");
    expect((await reopened.get("t199"))?.askers[0]?.text).toBe("câu hỏi 199");
  });

  it("keeps the newest tickets: the oldest goes when a new one passes the limit", async () => {
    const repo = await openHandoffRepository(dataDir, { maxTickets: 3 });
    for (const n of [5, 1, 7, 3]) await repo.put(ticket(n));
    const reopened = await openHandoffRepository(dataDir, { maxTickets: 3 });
    expect(await reopened.get("t1")).toBeUndefined();
    for (const id of ["t3", "t5", "t7"]) expect((await reopened.get(id))?.id).toBe(id);
  });
});
