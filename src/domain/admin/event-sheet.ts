/**
 * Events as a spreadsheet (CSV, or rows read from an Excel workbook): export, and import with every row validated, a plan of what
 * is new / changed / unchanged, and nothing applied until the coordinator confirms. Columns:
 * id, programme, province (former or current name), date, start, end, venue, address, lat,
 * long (or one "lat/long" column), notes, status. Field limits are `/newevent`'s.
 */
import { parse } from "csv-parse/sync";
import { formatDayMonthYear, isoDateFromParts } from "../calendar.js";
import type { CommunityEvent, GeoPoint, IsoDate, Programme, Province } from "../types.js";
import { applyPatch, MAX_FIELD_CHARS, newEventId } from "./event-editing.js";
import { foldBasic, parseEventDate, parseEventStatus, parseEventTime } from "./parse.js";

/** Columns of an export, in order. */
export const SHEET_COLUMNS = [
  "id",
  "programme",
  "province",
  "date",
  "start",
  "end",
  "venue",
  "address",
  "lat",
  "long",
  "notes",
  "status",
] as const;

type Column = (typeof SHEET_COLUMNS)[number] | "latlong";

/** Header spellings (folded) accepted for each column, English and Vietnamese. */
const HEADER_ALIASES: Record<string, Column> = {
  id: "id",
  ma: "id",
  "ma su kien": "id",
  programme: "programme",
  program: "programme",
  "chuong trinh": "programme",
  province: "province",
  tinh: "province",
  date: "date",
  ngay: "date",
  start: "start",
  "bat dau": "start",
  "gio bat dau": "start",
  end: "end",
  "ket thuc": "end",
  "gio ket thuc": "end",
  venue: "venue",
  "dia diem": "venue",
  address: "address",
  "dia chi": "address",
  lat: "lat",
  latitude: "lat",
  "vi do": "lat",
  long: "long",
  lng: "long",
  lon: "long",
  longitude: "long",
  "kinh do": "long",
  "lat/long": "latlong",
  "lat/lng": "latlong",
  "toa do": "latlong",
  notes: "notes",
  "ghi chu": "notes",
  status: "status",
  "trang thai": "status",
};

/** Most rows one file may carry. */
export const MAX_SHEET_ROWS = 2000;

/** A problem in one row: a message key under `admin.sheet.errors` and its values. */
export interface RowError {
  /** The spreadsheet's row number (the header is row 1). */
  line: number;
  key: string;
  values: Record<string, string>;
}

/** One event the import would change. */
export interface SheetChange {
  before: CommunityEvent;
  after: CommunityEvent;
}

/** What an import would do. */
export interface SheetPlan {
  created: CommunityEvent[];
  changed: SheetChange[];
  unchanged: CommunityEvent[];
  errors: RowError[];
  /** A problem with the whole file (a message key), e.g. no header, unreadable CSV. */
  fileError?: string | undefined;
}

/** What planning needs. */
export interface SheetContext {
  events: readonly CommunityEvent[];
  programmes: readonly Programme[];
  resolveProvince(name: string): Province | undefined;
  currentProvinceId(id: string): string;
  today: IsoDate;
  now: Date;
}

function detectDelimiter(text: string): string {
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const count = (char: string) => header.split(char).length - 1;
  return count(";") > count(",") ? ";" : count("\t") > count(",") ? "\t" : ",";
}

function parseDate(raw: string, today: IsoDate): IsoDate | undefined {
  const iso = raw.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  if (iso) return isoDateFromParts(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const parsed = parseEventDate(raw, today);
  return parsed.ok ? parsed.date : undefined;
}

function parseTime(raw: string): string | undefined {
  const parsed = parseEventTime(raw);
  return parsed.ok && !parsed.end ? parsed.start : undefined;
}

function coordinate(raw: string, limit: number): number | undefined {
  const value = Number(raw.replace(",", "."));
  return raw !== "" && Number.isFinite(value) && Math.abs(value) <= limit ? value : undefined;
}

function findProgramme(programmes: readonly Programme[], raw: string): Programme | undefined {
  if (!raw) return programmes.length === 1 ? programmes[0] : undefined;
  const folded = foldBasic(raw);
  return programmes.find(
    (p) =>
      p.id === raw ||
      foldBasic(p.name.vi) === folded ||
      (p.name.en !== undefined && foldBasic(p.name.en) === folded),
  );
}

/** The fields a sheet sets, for comparing an event before and after. */
function sheetFields(event: CommunityEvent) {
  return JSON.stringify([
    event.programmeId,
    event.provinceId,
    event.date,
    event.startTime ?? "",
    event.endTime ?? "",
    event.venueName ?? "",
    event.address ?? "",
    event.location ?? null,
    event.notes?.vi ?? "",
    event.status,
  ]);
}

type Cells = Partial<Record<Column, string>>;

/** Validates one row into the event's fields, or the row's errors. */
function readRow(
  cells: Cells,
  line: number,
  ctx: SheetContext,
  hasStatus: boolean,
): { fields: Partial<CommunityEvent> & { id?: string }; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (key: string, values: Record<string, string> = {}) =>
    errors.push({ line, key, values });
  const fields: Partial<CommunityEvent> & { id?: string } = {};
  const id = (cells.id ?? "").trim().toLowerCase();
  if (id) {
    if (/^[a-z0-9][a-z0-9_-]{0,39}$/.test(id)) fields.id = id;
    else fail("id_invalid", { value: id });
  }
  const programme = findProgramme(ctx.programmes, (cells.programme ?? "").trim());
  if (programme) fields.programmeId = programme.id;
  else fail("programme_unknown", { value: (cells.programme ?? "").trim() });
  const provinceText = (cells.province ?? "").trim();
  const province = provinceText ? ctx.resolveProvince(provinceText) : undefined;
  if (province) fields.provinceId = province.id;
  else if (provinceText) fail("province_unknown", { value: provinceText });
  else fail("province_missing");
  const dateText = (cells.date ?? "").trim();
  const date = dateText ? parseDate(dateText, ctx.today) : undefined;
  if (date) fields.date = date;
  else if (dateText) fail("date_invalid", { value: dateText });
  else fail("date_missing");
  const startText = (cells.start ?? "").trim();
  const endText = (cells.end ?? "").trim();
  const start = startText ? parseTime(startText) : undefined;
  const end = endText ? parseTime(endText) : undefined;
  if (startText && !start) fail("time_invalid", { value: startText });
  if (endText && !end) fail("time_invalid", { value: endText });
  if (endText && !startText) fail("end_without_start");
  if (start && end && end <= start) fail("end_before_start", { start, end });
  fields.startTime = start;
  fields.endTime = start ? end : undefined;
  for (const [column, key, max] of [
    ["venue", "venueName", MAX_FIELD_CHARS.venue],
    ["address", "address", MAX_FIELD_CHARS.address],
    ["notes", "notes", MAX_FIELD_CHARS.notes],
  ] as const) {
    const text = (cells[column] ?? "").trim();
    if (text.length > max) fail("too_long", { column, max: String(max) });
    if (key === "notes") fields.notes = text ? { vi: text } : undefined;
    else fields[key] = text || undefined;
  }
  let latText = (cells.lat ?? "").trim();
  let longText = (cells.long ?? "").trim();
  if (cells.latlong?.trim()) [latText = "", longText = ""] = cells.latlong.split(/[;,\s]+/);
  const latitude = coordinate(latText, 90);
  const longitude = coordinate(longText, 180);
  if ((latText || longText) && (latitude === undefined || longitude === undefined)) {
    fail("coordinates_invalid", { value: [latText, longText].join(", ") });
  }
  fields.location =
    latitude !== undefined && longitude !== undefined
      ? ({ latitude, longitude } satisfies GeoPoint)
      : undefined;
  if (hasStatus) {
    const text = (cells.status ?? "").trim();
    const status = text ? parseEventStatus(text) : "scheduled";
    if (status) fields.status = status;
    else fail("status_unknown", { value: text });
  }
  return { fields, errors };
}

/** One spreadsheet row: its cells as text and the line (row number) a coordinator sees. */
export interface SheetRow {
  readonly cells: readonly string[];
  readonly line: number;
}

/** Reads a CSV file and plans the import against the current events. */
export function planSheetImport(text: string, ctx: SheetContext): SheetPlan {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch {
    return { created: [], changed: [], unchanged: [], errors: [], fileError: "unreadable" };
  }
  return planSheetRows(
    records.map(({ record, info }) => ({ cells: record, line: info.lines })),
    ctx,
  );
}

/**
 * Plans the import of rows already read from a sheet (the first row is the header), whatever
 * the file format they came from.
 */
export function planSheetRows(records: readonly SheetRow[], ctx: SheetContext): SheetPlan {
  const plan: SheetPlan = { created: [], changed: [], unchanged: [], errors: [] };
  const [header, ...rows] = records.filter((row) => row.cells.some((cell) => cell.trim()));
  const columns = (header?.cells ?? []).map((name) => HEADER_ALIASES[foldBasic(name.trim())]);
  if (!columns.includes("province") || !columns.includes("date")) {
    return { ...plan, fileError: "no_header" };
  }
  if (rows.length > MAX_SHEET_ROWS) return { ...plan, fileError: "too_many_rows" };
  const hasStatus = columns.includes("status");
  const byId = new Map(ctx.events.map((e) => [e.id, e]));
  const taken = new Set(byId.keys());
  const seen = new Map<string, number>();
  for (const { cells: record, line } of rows) {
    const cells: Cells = {};
    record.forEach((value, index) => {
      const column = columns[index];
      if (column) cells[column] = value.trim();
    });
    const { fields, errors } = readRow(cells, line, ctx, hasStatus);
    if (errors.length > 0) {
      plan.errors.push(...errors);
      continue;
    }
    const sameStop = (e: CommunityEvent) =>
      e.programmeId === fields.programmeId &&
      e.date === fields.date &&
      ctx.currentProvinceId(e.provinceId) === ctx.currentProvinceId(fields.provinceId ?? "");
    const existing = fields.id ? byId.get(fields.id) : ctx.events.find(sameStop);
    const key = existing?.id ?? fields.id ?? `${fields.provinceId}|${fields.date}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      plan.errors.push({ line, key: "duplicate", values: { other: String(earlier) } });
      continue;
    }
    seen.set(key, line);
    const { id: _id, ...patch } = fields;
    if (existing) {
      const after = applyPatch(
        existing,
        { ...patch, status: patch.status ?? existing.status },
        ctx.now,
      );
      if (existing.notes?.en && existing.notes.vi === after.notes?.vi) {
        after.notes = existing.notes;
      }
      if (sheetFields(existing) === sheetFields(after)) plan.unchanged.push(existing);
      else plan.changed.push({ before: existing, after });
      continue;
    }
    const province = ctx.resolveProvince(fields.provinceId ?? "");
    const id = fields.id ?? (province ? newEventId(province, fields.date ?? "", taken) : "ev");
    taken.add(id);
    const created = applyPatch(
      {
        id,
        programmeId: "",
        provinceId: "",
        date: "",
        status: "scheduled",
        version: 0,
        updatedAt: "",
      },
      patch,
      ctx.now,
    );
    plan.created.push({ ...created, id, version: 1 });
  }
  return plan;
}

function csvCell(value: string): string {
  return /[",;\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The events as CSV in the import format, with a UTF-8 byte order mark so Excel shows
 * Vietnamese correctly. `provinceName` gives the name to write (the programme's own).
 */
export function eventsCsv(
  events: readonly CommunityEvent[],
  programmes: readonly Programme[],
  provinceName: (id: string) => string,
): string {
  const programmeName = (id: string) => programmes.find((p) => p.id === id)?.name.vi ?? id;
  const lines = [SHEET_COLUMNS.join(",")];
  for (const event of [...events].sort((a, b) => a.date.localeCompare(b.date))) {
    lines.push(
      [
        event.id,
        programmeName(event.programmeId),
        provinceName(event.provinceId),
        formatDayMonthYear(event.date),
        event.startTime ?? "",
        event.endTime ?? "",
        event.venueName ?? "",
        event.address ?? "",
        event.location ? String(event.location.latitude) : "",
        event.location ? String(event.location.longitude) : "",
        event.notes?.vi ?? "",
        event.status,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
