/**
 * The write-ahead log of one sharded collection, `<dir>/log.ndjson`: one line per changed
 * record, `{"k":key,"v":value}`, or `{"k":key}` for a deletion, appended a group at a time.
 * A record's latest line wins, so replaying the log over the shard files is idempotent: a
 * crash between writing a shard and emptying the log loses nothing and doubles nothing.
 *
 * The file is opened per append (one open, write, close for a whole group of changes), so a
 * data dir that was moved away or removed under a running bot makes the write fail instead of
 * landing in a file nobody will read again.
 *
 * A checkpoint does not stop the appends: from {@link RecordLog.carry} on, every appended line
 * is also kept, and {@link RecordLog.replace} swaps the file for one holding only those lines
 * (temp file + rename, between two appends) once the shards hold everything before them. A
 * crash before the rename leaves the whole log, which replays to the same records.
 */
import { appendFile, readFile, rename, truncate, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { completeLines, RECOVERY_HINT } from "./state-file.js";
import { StorageError } from "./storage.js";

/** One line of the log. */
export interface LogEntry {
  /** The record's key. */
  k: string;
  /** Its new value; absent when it was deleted. */
  v?: unknown;
  /** 1-based line number in the file (for messages about damage). */
  line: number;
}

/** The line of a change: `json` is the new value as JSON, undefined for a deletion. */
export function logLine(key: string, json: string | undefined): string {
  return json === undefined
    ? `{"k":${JSON.stringify(key)}}`
    : `{"k":${JSON.stringify(key)},"v":${json}}`;
}

/** The log file of a collection. */
export class RecordLog {
  private constructor(
    readonly file: string,
    /** Lines in the file now. */
    public lines: number,
  ) {}

  /**
   * Reads the log at `file` (missing = empty). A torn last line (a kill -9 in the middle of an
   * append, never acknowledged) is cut off; any other damage stops the start, naming the file.
   */
  static async open(file: string): Promise<{ log: RecordLog; entries: LogEntry[] }> {
    const raw = await readFile(file, "utf8").catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
      throw new StorageError(`${file}: cannot read the file (${(error as Error).message})`);
    });
    const complete = completeLines(raw);
    if (complete.length !== raw.length) await truncate(file, Buffer.byteLength(complete));
    const entries: LogEntry[] = [];
    const rows = complete.split("\n");
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as string;
      if (!row) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(row);
      } catch (error) {
        throw new StorageError(
          `${file}: line ${i + 1} is not valid JSON, the file is damaged (${(error as Error).message}). ${RECOVERY_HINT}.`,
        );
      }
      const entry = parsed as { k?: unknown; v?: unknown } | null;
      if (typeof entry !== "object" || entry === null || typeof entry.k !== "string") {
        throw new StorageError(
          `${file}: line ${i + 1} is not a record change, the file is damaged. ${RECOVERY_HINT}.`,
        );
      }
      entries.push({ k: entry.k, ...("v" in entry ? { v: entry.v } : {}), line: i + 1 });
    }
    return { log: new RecordLog(file, entries.length), entries };
  }

  /** Appends, replacements and truncations one after another. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Lines appended since {@link carry}, while a checkpoint writes the shards. */
  private carried: string[] | undefined;

  private exclusive(task: () => Promise<void>): Promise<void> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Appends lines made by {@link logLine} in one write. */
  append(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return Promise.resolve();
    return this.exclusive(async () => {
      await appendFile(this.file, `${lines.join("\n")}\n`);
      this.lines += lines.length;
      this.carried?.push(...lines);
    });
  }

  /** From now on appended lines are also kept for {@link replace} (a checkpoint begins). */
  carry(): void {
    this.carried = [];
  }

  /** Stops keeping lines without replacing the file (a checkpoint failed). */
  dropCarry(): void {
    this.carried = undefined;
  }

  /**
   * Once everything appended before {@link carry} is in the shard files: the log becomes the
   * lines appended since (empty when there are none).
   */
  replace(): Promise<void> {
    return this.exclusive(async () => {
      const kept = this.carried ?? [];
      this.carried = undefined;
      if (kept.length === 0) {
        if (this.lines > 0) {
          await truncate(this.file, 0).catch((error: unknown) => {
            if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
          });
        }
      } else {
        const temp = join(dirname(this.file), `.${basename(this.file)}.tmp`);
        await writeFile(temp, `${kept.join("\n")}\n`);
        await rename(temp, this.file);
      }
      this.lines = kept.length;
    });
  }
}
