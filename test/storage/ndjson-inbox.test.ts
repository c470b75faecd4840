import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openNdjsonInbox } from "../../src/storage/ndjson-inbox.js";

describe("the ndjson update inbox", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const fileIn = async () => {
    const dir = await mkdtemp(join(tmpdir(), "loa-inbox-"));
    dirs.push(dir);
    return join(dir, "inbox.ndjson");
  };

  it("keeps what was appended and not done across a reopen, oldest first", async () => {
    const file = await fileIn();
    const inbox = await openNdjsonInbox<{ text: string }>(file);
    await inbox.append([
      { id: 1, update: { text: "a" } },
      { id: 2, update: { text: "b" } },
      { id: 3, update: { text: "c" } },
    ]);
    await inbox.markDone(2);
    // No close: the process dies here.
    const reopened = await openNdjsonInbox<{ text: string }>(file);
    expect(await reopened.pending()).toEqual([
      { id: 1, update: { text: "a" } },
      { id: 3, update: { text: "c" } },
    ]);
    expect(await reopened.lastId()).toBe(3);
    await inbox.close();
    await reopened.close();
  });

  it("drops an update it already has or already handled, also after a reopen", async () => {
    const file = await fileIn();
    const inbox = await openNdjsonInbox(file);
    expect(await inbox.append([{ id: 7, update: {} }])).toHaveLength(1);
    expect(await inbox.append([{ id: 7, update: {} }])).toHaveLength(0);
    await inbox.markDone(7);
    await inbox.close();
    const reopened = await openNdjsonInbox(file);
    expect(
      await reopened.append([
        { id: 7, update: {} },
        { id: 8, update: {} },
      ]),
    ).toEqual([{ id: 8, update: {} }]);
    await reopened.close();
  });

  it("forgets handled ids after the retention window, and compacts the log", async () => {
    const file = await fileIn();
    let now = 1_000_000;
    const inbox = await openNdjsonInbox(file, {
      retentionMs: 10_000,
      compactAfterLines: 50,
      now: () => now,
    });
    for (let id = 1; id <= 200; id++) {
      await inbox.append([{ id, update: { id } }]);
      if (id !== 150) await inbox.markDone(id);
      now += 1000;
    }
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    // 400 lines were written; compaction keeps the last 10 s of ids and the pending one.
    expect(lines.length).toBeLessThan(120);
    await inbox.close();
    const reopened = await openNdjsonInbox(file, { retentionMs: 10_000, now: () => now });
    expect(await reopened.pending()).toEqual([{ id: 150, update: { id: 150 } }]);
    expect(await reopened.lastId()).toBe(200);
    // Recent ids are still refused; an id done long ago is accepted again.
    expect(await reopened.append([{ id: 199, update: {} }])).toHaveLength(0);
    expect(await reopened.append([{ id: 3, update: {} }])).toHaveLength(1);
    await reopened.close();
  });

  it("ignores a torn last line left by a crash mid-write, and appends cleanly after it", async () => {
    const file = await fileIn();
    const inbox = await openNdjsonInbox(file);
    await inbox.append([{ id: 1, update: { a: 1 } }]);
    await inbox.close();
    await appendFile(file, '{"in":2,"u":{"a"');
    const damaged: number[] = [];
    const reopened = await openNdjsonInbox(file, { onDamagedLine: (n) => damaged.push(n) });
    expect(await reopened.pending()).toEqual([{ id: 1, update: { a: 1 } }]);
    await reopened.append([{ id: 3, update: { a: 3 } }]);
    await reopened.close();
    const again = await openNdjsonInbox(file);
    expect((await again.pending()).map((item) => item.id)).toEqual([1, 3]);
    expect(damaged).toEqual([]);
    await again.close();
  });

  it("writes many concurrent appends in few writes (group commit), all durable", async () => {
    const file = await fileIn();
    const inbox = await openNdjsonInbox(file);
    await Promise.all(
      Array.from({ length: 500 }, (_, i) => inbox.append([{ id: i + 1, update: { i } }])),
    );
    await Promise.all(Array.from({ length: 500 }, (_, i) => inbox.markDone(i + 1)));
    const reopened = await openNdjsonInbox(file);
    expect(await reopened.pending()).toEqual([]);
    expect(await reopened.lastId()).toBe(500);
    await inbox.close();
    await reopened.close();
  });
});
