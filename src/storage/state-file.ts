/** Reading and writing one JSON state file: checked at read, replaced atomically at write. */
import { readFile } from "node:fs/promises";
import { DataFile } from "lowdb/node";
import type { z } from "zod";
import { describeZodError } from "./seed-schema.js";
import { StorageError } from "./storage.js";

/** How to get out of a damaged state file; shown after the problem. */
export const RECOVERY_HINT =
  "Loa will not start on partial data: restore this file from a backup, or move it aside to start without what it held";

/** FNV-1a over UTF-16 code units: stable across runs and machines. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Reads and validates one JSON state file; missing → undefined; damage → StorageError. */
export async function readStateFile<S extends z.ZodType>(
  file: string,
  schema: S,
): Promise<z.output<S> | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StorageError(`${file}: cannot read the file (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StorageError(
      `${file}: not valid JSON, the file is damaged (${(error as Error).message}). ${RECOVERY_HINT}.`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new StorageError(
      `${file}: the content is damaged (${describeZodError(parsed.error)}). ${RECOVERY_HINT}.`,
    );
  }
  return parsed.data;
}

/**
 * The complete lines of an append-only log: a kill -9 in the middle of an append can leave a
 * torn last line, which was never acknowledged and is dropped.
 */
export function completeLines(raw: string): string {
  return raw.endsWith("\n") ? raw : raw.slice(0, raw.lastIndexOf("\n") + 1);
}

/** Atomic JSON write through lowdb's `DataFile` (steno: temp file + rename). */
export function writeJson(file: string, data: unknown): Promise<void> {
  return new DataFile<unknown>(file, {
    parse: JSON.parse,
    stringify: (d) => JSON.stringify(d),
  }).write(data);
}
