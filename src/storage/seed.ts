import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { z } from "zod";
import { loadProvincesFromJson } from "../domain/gazetteer.js";
import { bindRules, type ProgrammeRules, parseRulesFile } from "../domain/eligibility/rules.js";
import {
  type DeliverySettings,
  parseDeliverySettings,
  SettingsError,
} from "../domain/reminders/settings.js";
import type { CommunityEvent, Programme, Province } from "../domain/types.js";
import { describeZodError, eventsFileSchema, programmesFileSchema } from "./seed-schema.js";

/** The committed content in `data/`, validated. */
export interface Seed {
  programmes: Programme[];
  events: CommunityEvent[];
  provinces: Province[];
  /** Eligibility rules per programme id (a programme without rules has no check). */
  eligibilityRules: ProgrammeRules;
  /** `settings.json` (reminder slots, broadcast limits); defaults when the file is absent. */
  settings: DeliverySettings;
}

/** A seed file that cannot be used; the message names the file, the field and the problem. */
export class SeedError extends Error {
  override name = "SeedError";
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new SeedError(`${file}: cannot read the file (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SeedError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

function parseWith<S extends z.ZodType>(schema: S, file: string, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new SeedError(`${file}: ${describeZodError(result.error)}`);
  return result.data;
}

/** Reads and validates `programmes.json`, `events.json` and `provinces.json` from `seedDir`. */
export async function loadSeed(seedDir: string): Promise<Seed> {
  const provincesFile = join(seedDir, "provinces.json");
  let provinces: Province[];
  try {
    provinces = loadProvincesFromJson(await readJson(provincesFile));
  } catch (error) {
    if (error instanceof SeedError) throw error;
    throw new SeedError(`${provincesFile}: ${(error as Error).message}`);
  }
  const programmesFile = join(seedDir, "programmes.json");
  const { programmes } = parseWith(
    programmesFileSchema,
    programmesFile,
    await readJson(programmesFile),
  );
  const eventsFile = join(seedDir, "events.json");
  const { events } = parseWith(eventsFileSchema, eventsFile, await readJson(eventsFile));
  checkReferences(eventsFile, events, programmes, provinces);
  const eligibilityRules = await loadRules(
    join(seedDir, "eligibility-rules.json"),
    programmes.map((p) => p.id),
  );
  const settings = await loadSettings(join(seedDir, "settings.json"));
  return {
    settings,
    programmes: programmes as Programme[],
    events: events as CommunityEvent[],
    provinces,
    eligibilityRules,
  };
}

/** `eligibility-rules.json`: optional (no file, no checks); either format, bound to programmes. */
async function loadRules(file: string, programmeIds: string[]): Promise<ProgrammeRules> {
  if (!(await fileExists(file))) return {};
  const parsed = parseRulesFile(await readJson(file));
  if (!parsed.success) throw new SeedError(`${file}: ${describeZodError(parsed.error)}`);
  const bound = bindRules(parsed.data, programmeIds);
  if (!bound.ok) throw new SeedError(`${file}: ${bound.problem.path}: ${bound.problem.message}`);
  return bound.rules;
}

async function fileExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** `settings.json` is optional; when present it must be valid, and errors name its path. */
async function loadSettings(file: string): Promise<DeliverySettings> {
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (!exists) return parseDeliverySettings({});
  try {
    return parseDeliverySettings(await readJson(file));
  } catch (error) {
    if (error instanceof SettingsError) {
      throw new SeedError(`${file}: ${error.message.replace(/^settings\.json: /, "")}`);
    }
    throw error;
  }
}

function checkReferences(
  file: string,
  events: z.output<typeof eventsFileSchema>["events"],
  programmes: z.output<typeof programmesFileSchema>["programmes"],
  provinces: Province[],
): void {
  const programmeIds = new Set(programmes.map((p) => p.id));
  const provinceIds = new Set(provinces.map((p) => p.id));
  const seen = new Set<string>();
  events.forEach((event, index) => {
    if (seen.has(event.id)) {
      throw new SeedError(`${file}: events.${index}.id: "${event.id}" is used twice`);
    }
    seen.add(event.id);
    if (!programmeIds.has(event.programmeId)) {
      throw new SeedError(
        `${file}: events.${index}.programmeId: no programme "${event.programmeId}" in programmes.json`,
      );
    }
    if (!provinceIds.has(event.provinceId)) {
      throw new SeedError(
        `${file}: events.${index}.provinceId: "${event.provinceId}" is not a province id in provinces.json`,
      );
    }
  });
}
