/**
 * File-backed broadcast jobs: one folder per job under `<dataDir>/broadcasts/<id>/`.
 *
 * - `recipients.ndjson`: the frozen audience, written once before the job exists;
 * - `job.json`: the small job record, replaced atomically (temp file + rename) on state changes;
 * - `outcomes.ndjson`: one line per final result, appended with a synchronous `write(2)` and no
 *   fsync. The kernel keeps it through a process crash (`kill -9`); a power cut may lose the
 *   tail, which then counts as in-flight. A send costs one small append whatever the audience;
 * - `presses.ndjson`: one line per person who pressed a button of the message afterwards
 *   (written on their first press only; read once per job, then kept in memory).
 */
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { appendFile, mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { countOutcomes } from "../domain/broadcast/progress.js";
import type { BroadcastStore, OutcomeLog } from "../domain/broadcast/store.js";
import type { JobCounts, JobRecord, OutcomeEntry, Recipient } from "../domain/broadcast/types.js";
import { readStateFile } from "./state-file.js";
import { jobStateSchema } from "./state-schemas.js";

const SAFE_ID = /^[A-Za-z0-9_.-]{1,100}$/;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

async function readOr<T>(file: string, fallback: T, parse: (text: string) => T): Promise<T> {
  try {
    return parse(await readFile(file, "utf8"));
  } catch (error) {
    if (isMissing(error)) return fallback;
    throw error;
  }
}

/** Parses ndjson, skipping a torn or empty line (a crash mid-append). */
function parseLines<T>(text: string): T[] {
  const items: T[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    try {
      items.push(JSON.parse(line) as T);
    } catch {
      // A torn line: its send counts as in flight and is retried.
    }
  }
  return items;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** Options of {@link openBroadcastStore}. */
export interface BroadcastStoreOptions {
  /** Told of a job whose `job.json` is damaged; that job is skipped, the others work. */
  onDamagedJob?: ((file: string, problem: string) => void) | undefined;
}

/**
 * Opens (creating) the store in `<dataDir>/broadcasts`. Job records are read once here and
 * kept in memory (they are small); outcome counts of finished jobs are computed once.
 */
export async function openBroadcastStore(
  dataDir: string,
  options: BroadcastStoreOptions = {},
): Promise<BroadcastStore> {
  const root = join(dataDir, "broadcasts");
  await mkdir(root, { recursive: true });
  const dirOf = (id: string) => {
    if (!SAFE_ID.test(id)) throw new Error(`unsafe broadcast job id "${id}"`);
    return join(root, id);
  };
  const jobFile = (id: string) => join(dirOf(id), "job.json");
  const jobs = new Map<string, JobRecord>();
  const damaged = new Set<string>();
  const finishedCounts = new Map<string, JobCounts>();
  const ids = (await readdir(root)).filter((id) => SAFE_ID.test(id));
  await Promise.all(
    ids.map(async (id) => {
      try {
        const job = await readStateFile(jobFile(id), jobStateSchema);
        if (job) jobs.set(id, job as unknown as JobRecord);
      } catch (error) {
        damaged.add(id);
        options.onDamagedJob?.(jobFile(id), (error as Error).message);
      }
    }),
  );
  /** People who pressed a button, per job, loaded from `presses.ndjson` on first use. */
  const presses = new Map<string, Promise<Set<string>>>();
  const pressersOf = (id: string) => {
    let pressed = presses.get(id);
    if (!pressed) {
      pressed = readOr<string[]>(join(dirOf(id), "presses.ndjson"), [], (t) =>
        parseLines<{ k: string }>(t).map((line) => line.k),
      ).then((keys) => new Set(keys));
      presses.set(id, pressed);
    }
    return pressed;
  };
  const newestFirst = (a: JobRecord, b: JobRecord) =>
    b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
  const get = async (id: string) => structuredClone(jobs.get(id));
  const outcomesOf = (id: string) =>
    readOr<OutcomeEntry[]>(join(dirOf(id), "outcomes.ndjson"), [], (t) => parseLines(t));
  const save = async (job: JobRecord) => {
    await writeAtomically(jobFile(job.id), JSON.stringify(job));
    jobs.set(job.id, structuredClone(job));
    finishedCounts.delete(job.id);
  };
  return {
    async create(job, recipients) {
      if (jobs.has(job.id) || damaged.has(job.id)) return false;
      const dir = dirOf(job.id);
      await mkdir(dir, { recursive: true });
      // Recipients first: a job without its complete audience never exists.
      const lines = recipients.map((r) => JSON.stringify(r)).join("\n");
      await writeAtomically(join(dir, "recipients.ndjson"), lines ? `${lines}\n` : "");
      await writeFile(join(dir, "outcomes.ndjson"), "");
      await save(job);
      return true;
    },
    get,
    async recent(limit, except = []) {
      return [...jobs.values()]
        .filter((job) => !except.includes(job.audience.kind))
        .sort(newestFirst)
        .slice(0, limit)
        .map((job) => structuredClone(job));
    },
    async sending() {
      return [...jobs.values()]
        .filter((job) => job.state === "sending")
        .sort(newestFirst)
        .map((job) => structuredClone(job));
    },
    async counts(id) {
      const job = jobs.get(id);
      if (!job) return undefined;
      const known = finishedCounts.get(id);
      if (known) return { ...known };
      const counts = countOutcomes(job.total, await outcomesOf(id));
      // A finished job's log no longer changes.
      if (job.state === "done" || job.state === "stopped") finishedCounts.set(id, counts);
      return { ...counts };
    },
    save,
    recipients: (id) =>
      readOr<Recipient[]>(join(dirOf(id), "recipients.ndjson"), [], (t) => parseLines(t)),
    outcomes: outcomesOf,
    async recordPress(id, key) {
      if (!jobs.has(id)) return;
      const pressed = await pressersOf(id);
      if (pressed.has(key)) return;
      pressed.add(key);
      await appendFile(join(dirOf(id), "presses.ndjson"), `${JSON.stringify({ k: key })}\n`);
    },
    pressCount: async (id) => (jobs.has(id) ? (await pressersOf(id)).size : 0),
    async openLog(id): Promise<OutcomeLog> {
      const file = join(dirOf(id), "outcomes.ndjson");
      const size = await stat(file).then(
        (s) => s.size,
        () => 0,
      );
      const fd = openSync(file, "a+");
      if (size > 0) {
        // After a crash the last line may be torn; start the next entry on a fresh line.
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, size - 1);
        if (last.toString() !== "\n") writeSync(fd, "\n");
      }
      let open = true;
      return {
        append(entry) {
          if (open) writeSync(fd, `${JSON.stringify(entry)}\n`);
        },
        async close() {
          if (!open) return;
          open = false;
          closeSync(fd);
        },
      };
    },
  };
}
