/**
 * The write-ahead log of one sharded collection, `<dir>/log.ndjson`: one line per changed
 * record, `{"k":key,"v":value}`, or `{"k":key}` for a deletion, appended a group at a time.
 * A record's latest line wins, so replaying the log over the shard files is idempotent: a
 * crash between writing a shard and emptying the log loses nothing and doubles nothing.
 *
 * The file is opened per append (one open, write, close for a whole group of changes), so a
 * data dir that was moved away or removed under a running bot makes the write fail instead of
 * landing in a file nobody will read again.
 */
import { appendFile, readFile, truncate } from "node:fs/promises";
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

  /** Appends lines made by {@link logLine} in one write. */
  async append(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await appendFile(this.file, `${lines.join("\n")}\n`);
    this.lines += lines.length;
  }

  /** Empties the log once everything in it is in the shard files. */
  async clear(): Promise<void> {
    if (this.lines === 0) return;
    await truncate(this.file, 0).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    });
    this.lines = 0;
  }
}
