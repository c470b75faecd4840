/**
 * The {@link UpdateInbox} on one append-only ndjson file: `{"in":id,"u":update}` when an update
 * arrives, `{"done":id,"at":ms}` when it was handled. Concurrent appends and marks are written
 * together (group commit: one write, one fsync for everything that queued meanwhile), so the
 * cost per update stays flat however many chats write at once. When the log has grown well past
 * what it must keep, it is rewritten (temp file + fsync + rename) with the pending updates and
 * the ids done within the retention window only.
 */
import { type FileHandle, mkdir, open, readFile, rename } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { InboxItem, UpdateInbox } from "../domain/ports.js";
import { completeLines } from "./state-file.js";

/** Options for {@link openNdjsonInbox}. */
export interface NdjsonInboxOptions {
  /** How long a handled id is remembered to drop redeliveries. Default 48 h (Telegram keeps 24 h). */
  retentionMs?: number;
  /** Rewrite the log once it holds this many lines more than it must keep. Default 20,000. */
  compactAfterLines?: number;
  /** fsync each group of appends before they count as durable. Default true. */
  fsync?: boolean;
  /** Wall clock for the retention window. */
  now?: () => number;
  /** Told about a damaged line (skipped). */
  onDamagedLine?: (lineNumber: number, line: string) => void;
}

type LogLine = { in: number; u: unknown } | { done: number; at: number } | { last: number };

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Opens (creating when missing) the inbox log at `file`. */
export async function openNdjsonInbox<U = unknown>(
  file: string,
  options: NdjsonInboxOptions = {},
): Promise<UpdateInbox<U>> {
  const retentionMs = options.retentionMs ?? 48 * 3600_000;
  const compactAfter = options.compactAfterLines ?? 20_000;
  const fsync = options.fsync ?? true;
  const now = options.now ?? Date.now;
  await mkdir(dirname(file), { recursive: true });

  const pending = new Map<number, U>();
  /** Done ids and when; insertion order is (close to) time order. */
  const done = new Map<number, number>();
  let lastId = 0;
  let lines = 0;

  const raw = await readFile(file, "utf8").catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw error;
  });
  // A torn last line is dropped, and the file cut there so the next line starts clean.
  const complete = completeLines(raw);
  const rows = complete.split("\n");
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as string;
    if (!row) continue;
    let entry: LogLine;
    try {
      entry = JSON.parse(row) as LogLine;
    } catch {
      options.onDamagedLine?.(i + 1, row.slice(0, 200));
      continue;
    }
    lines++;
    if ("in" in entry) {
      lastId = Math.max(lastId, entry.in);
      if (!done.has(entry.in)) pending.set(entry.in, entry.u as U);
    } else if ("done" in entry) {
      pending.delete(entry.done);
      done.set(entry.done, entry.at);
    } else if ("last" in entry) {
      lastId = Math.max(lastId, entry.last);
    }
  }
  let handle: FileHandle = await open(file, "a");
  if (complete.length !== raw.length) await handle.truncate(Buffer.byteLength(complete));

  let buffer: string[] = [];
  let bufferNeedsSync = false;
  let waiters: Waiter[] = [];
  let flushing: Promise<void> | undefined;
  let closed = false;

  const forgetExpired = () => {
    const cutoff = now() - retentionMs;
    for (const [id, at] of done) {
      if (at >= cutoff) break;
      done.delete(id);
    }
  };

  const compact = async () => {
    forgetExpired();
    const out: string[] = [JSON.stringify({ last: lastId })];
    for (const [id, at] of done) out.push(JSON.stringify({ done: id, at }));
    for (const [id, update] of pending) out.push(JSON.stringify({ in: id, u: update }));
    const temp = join(dirname(file), `.${Date.now()}-${process.pid}.inbox.tmp`);
    const tempHandle = await open(temp, "w");
    try {
      await tempHandle.writeFile(`${out.join("\n")}\n`);
      await tempHandle.datasync();
    } finally {
      await tempHandle.close();
    }
    await handle.close();
    await rename(temp, file);
    handle = await open(file, "a");
    lines = out.length;
  };

  const flushLoop = async () => {
    while (buffer.length > 0) {
      const chunk = `${buffer.join("\n")}\n`;
      const count = buffer.length;
      const sync = bufferNeedsSync;
      const batch = waiters;
      buffer = [];
      bufferNeedsSync = false;
      waiters = [];
      try {
        await handle.write(chunk);
        if (sync && fsync) await handle.datasync();
        lines += count;
        if (lines - (pending.size + done.size) > compactAfter) await compact();
        for (const waiter of batch) waiter.resolve();
      } catch (error) {
        for (const waiter of batch) waiter.reject(error);
      }
    }
    flushing = undefined;
  };

  const write = (entries: string[], sync: boolean) =>
    new Promise<void>((resolve, reject) => {
      if (closed) {
        reject(new Error("the inbox is closed"));
        return;
      }
      buffer.push(...entries);
      bufferNeedsSync ||= sync;
      waiters.push({ resolve, reject });
      flushing ??= flushLoop();
    });

  return {
    async append(items) {
      const fresh: InboxItem<U>[] = [];
      const seenNow = new Set<number>();
      for (const item of items) {
        if (pending.has(item.id) || done.has(item.id) || seenNow.has(item.id)) continue;
        seenNow.add(item.id);
        fresh.push(item);
      }
      if (fresh.length === 0) return fresh;
      for (const item of fresh) {
        pending.set(item.id, item.update);
        lastId = Math.max(lastId, item.id);
      }
      try {
        await write(
          fresh.map((item) => JSON.stringify({ in: item.id, u: item.update })),
          true,
        );
      } catch (error) {
        for (const item of fresh) pending.delete(item.id);
        throw error;
      }
      return fresh;
    },
    async markDone(id) {
      if (done.has(id)) return;
      pending.delete(id);
      const at = now();
      done.set(id, at);
      if (done.size % 1000 === 0) forgetExpired();
      await write([JSON.stringify({ done: id, at })], false);
    },
    pending: async () => [...pending].map(([id, update]) => ({ id, update })),
    lastId: async () => lastId,
    async close() {
      if (closed) return;
      closed = true;
      await flushing;
      await handle.close();
    },
  };
}
