/**
 * Events from a spreadsheet: a coordinator sends a `.csv`; Loa checks every row (errors in
 * Vietnamese, by row number), shows what would be new / changed / unchanged, and applies it
 * only on confirm, then offers change notices for the changed events. An Excel workbook
 * (`.xlsx`) is read the same way (its first sheet); older `.xls`/`.ods` get a hint to save as
 * `.xlsx` or CSV. `/export` sends the same columns as CSV.
 */
import { type Composer, InlineKeyboard } from "grammy";
import { changedFields, needsNotice } from "../../domain/admin/event-editing.js";
import {
  eventsCsv,
  planSheetImport,
  planSheetRows,
  type RowError,
  type SheetContext,
  type SheetRow,
} from "../../domain/admin/event-sheet.js";
import { UnreadableWorkbookError, workbookRows } from "../../domain/admin/workbook.js";
import type { PendingPayload } from "../../domain/admin/types.js";
import { vietnamDateOf } from "../../domain/calendar.js";
import { fold } from "../../domain/text/normalize.js";
import type { CommunityEvent, Province } from "../../domain/types.js";
import { escapeHtml } from "../../presentation/html.js";
import { AdminCallbacks } from "../admin-callback-data.js";
import type { BotContext } from "../context.js";
import { resolveProvince } from "../conversations/admin-fields.js";
import { oldToNew } from "../conversations/edit-event.js";
import { download, downloadBytes } from "./admin-backup.js";
import { offerNotice } from "./admin-notice.js";
import { actorOf, adminButton, eventShort, provinceName, sendHtml } from "./admin-ui.js";
import { LeanComposer } from "../lean-composer.js";

/** The MIME type Telegram reports for `.xlsx` documents. */
const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** Largest spreadsheet we read. */
const MAX_SHEET_BYTES = 1024 * 1024;
/** Lines listed per section of the preview (the message must stay under 4096 characters). */
const LISTED = 15;
/** Change notices offered after one import; more are left to /editevent. */
const NOTICES_OFFERED = 10;

/** The events as the import format (CSV with a BOM). */
export async function eventsSheet(ctx: BotContext): Promise<string> {
  return eventsCsv(
    await ctx.deps.admin.events.list(),
    await ctx.deps.admin.programmes.list(),
    (id) => provinceName(ctx, id),
  );
}

function listed<T>(ctx: BotContext, items: readonly T[], line: (item: T) => string): string[] {
  const shown = items.slice(0, LISTED).map(line);
  if (items.length > LISTED)
    shown.push(ctx.t("admin.sheet.more", { count: items.length - LISTED }));
  return shown;
}

function errorLine(ctx: BotContext, error: RowError): string {
  const values = Object.fromEntries(
    Object.entries(error.values).map(([k, v]) => [k, escapeHtml(v.slice(0, 60))]),
  );
  const column = values.column ? ctx.t(`admin.sheet.column.${values.column}`) : "";
  return ctx.t("admin.sheet.error_line", {
    line: error.line,
    error: ctx.t(`admin.sheet.errors.${error.key}`, { ...values, column }),
  });
}

function changeLine(ctx: BotContext, before: CommunityEvent, after: CommunityEvent): string {
  const fields = changedFields(before, after);
  return [
    `• <code>${escapeHtml(after.id)}</code>`,
    ...fields.map((field) => `   ${oldToNew(ctx, before, after, field)}`),
  ].join("\n");
}

/**
 * A province named exactly (any spelling with or without diacritics, old or new name, an
 * alias): a spreadsheet is not a chat, so a typo is reported instead of guessed.
 */
function exactProvince(ctx: BotContext, name: string): Province | undefined {
  const province = resolveProvince(ctx, name);
  if (!province) return undefined;
  const typed = fold(name)
    .replace(/^(tinh|thanh pho|tp\.?)\s+/, "")
    .trim();
  const spellings = [
    province.name,
    province.asciiName,
    province.id.replace(/-/g, " "),
    ...province.aliases,
  ];
  return spellings.some((spelling) => fold(spelling) === typed) || name === province.id
    ? province
    : undefined;
}

/** The sheet's content: CSV text or rows read from a workbook. */
type SheetInput = { readonly csv: string } | { readonly rows: readonly SheetRow[] };

async function previewImport(ctx: BotContext, fileName: string, input: SheetInput): Promise<void> {
  const { admin, clock } = ctx.deps;
  const now = clock.now();
  const sheetContext: SheetContext = {
    events: await admin.events.list(),
    programmes: await admin.programmes.list(),
    resolveProvince: (name) => exactProvince(ctx, name),
    currentProvinceId: (id) => ctx.deps.gazetteer.currentOf(id)?.id ?? id,
    today: vietnamDateOf(now),
    now,
  };
  const plan =
    "csv" in input
      ? planSheetImport(input.csv, sheetContext)
      : planSheetRows(input.rows, sheetContext);
  if (plan.fileError) {
    await sendHtml(ctx, ctx.t(`admin.sheet.file_errors.${plan.fileError}`));
    return;
  }
  const title = ctx.t("admin.sheet.title", { file: escapeHtml(fileName) });
  if (plan.errors.length > 0) {
    await sendHtml(
      ctx,
      [
        title,
        ctx.t("admin.sheet.has_errors", { count: plan.errors.length }),
        ...listed(ctx, plan.errors, (e) => errorLine(ctx, e)),
        "",
        ctx.t("admin.sheet.fix_and_resend"),
      ].join("\n"),
    );
    return;
  }
  const summary = [
    title,
    ctx.t("admin.sheet.counts", {
      created: plan.created.length,
      changed: plan.changed.length,
      unchanged: plan.unchanged.length,
    }),
  ];
  if (plan.created.length > 0) {
    summary.push(
      ctx.t("admin.sheet.created_title"),
      ...listed(ctx, plan.created, (e) => `• ${eventShort(ctx, e)}`),
    );
  }
  if (plan.changed.length > 0) {
    summary.push(
      ctx.t("admin.sheet.changed_title"),
      ...listed(ctx, plan.changed, (c) => changeLine(ctx, c.before, c.after)),
    );
  }
  if (plan.created.length + plan.changed.length === 0) {
    summary.push("", ctx.t("admin.sheet.nothing"));
    await sendHtml(ctx, summary.join("\n"));
    return;
  }
  const payload: PendingPayload = {
    kind: "import_events",
    created: plan.created,
    changed: plan.changed.map((c) => ({ after: c.after, expectedVersion: c.before.version })),
  };
  const token = await admin.pending.create(ctx.from?.id ?? 0, payload, now);
  summary.push("", ctx.t("admin.sheet.confirm_hint"));
  await sendHtml(
    ctx,
    summary.join("\n"),
    InlineKeyboard.from([
      [
        adminButton(
          ctx.t("admin.sheet.button_apply", { count: plan.created.length + plan.changed.length }),
          AdminCallbacks.confirm.encode({ token }),
        ),
      ],
      [adminButton(ctx.t("admin.sheet.button_drop"), AdminCallbacks.discard.encode({ token }))],
    ]),
  );
}

/** Applies a confirmed import; then offers change notices for the changed events. */
export async function applySheetImport(
  ctx: BotContext,
  payload: Extract<PendingPayload, { kind: "import_events" }>,
): Promise<void> {
  const { admin, clock } = ctx.deps;
  const now = clock.now();
  const actor = actorOf(ctx);
  let created = 0;
  const conflicts: string[] = [];
  for (const event of payload.created) {
    const result = await admin.events.create(event, actor, now);
    if (result.ok) created++;
    else conflicts.push(event.id);
  }
  const changed: Array<{ before: CommunityEvent; after: CommunityEvent }> = [];
  for (const change of payload.changed) {
    const result = await admin.events.edit(change.after, change.expectedVersion, actor, now);
    if (result.ok && result.before) changed.push({ before: result.before, after: result.event });
    else conflicts.push(change.after.id);
  }
  await admin.audit.record(
    {
      actorId: actor.id,
      actorName: actor.name,
      action: "events.import",
      target: `${created} + ${changed.length}`,
      after: { created: payload.created.map((e) => e.id), changed: changed.map((c) => c.after.id) },
    },
    now,
  );
  await sendHtml(
    ctx,
    [
      ctx.t("admin.sheet.done", { created, changed: changed.length }),
      ...(conflicts.length > 0
        ? [ctx.t("admin.sheet.conflicts", { ids: escapeHtml(conflicts.join(", ")) })]
        : []),
    ].join("\n"),
  );
  const noticeworthy = changed.filter((c) => needsNotice(c.before, c.after));
  for (const change of noticeworthy.slice(0, NOTICES_OFFERED)) {
    await offerNotice(ctx, change.before, change.after);
  }
  if (noticeworthy.length > NOTICES_OFFERED) {
    await sendHtml(
      ctx,
      ctx.t("admin.sheet.more_notices", { count: noticeworthy.length - NOTICES_OFFERED }),
    );
  }
}

/** Spreadsheet documents (coordinators only; the gate is in front). Before the backup import. */
export function adminSheetFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature.on("message:document", async (ctx, next) => {
    const document = ctx.message.document;
    const name = document.file_name ?? "";
    const workbook = /\.xlsx$/i.test(name) || document.mime_type === XLSX_MIME;
    if (/\.(xlsm|xls|ods)$/i.test(name)) {
      await sendHtml(ctx, ctx.t("admin.sheet.old_excel"));
      return;
    }
    if (!workbook && !/\.csv$/i.test(name) && document.mime_type !== "text/csv") return next();
    if ((document.file_size ?? 0) > MAX_SHEET_BYTES) {
      await sendHtml(ctx, ctx.t("admin.sheet.file_errors.too_big"));
      return;
    }
    let input: SheetInput;
    try {
      input = workbook
        ? { rows: await workbookRows(await downloadBytes(ctx, document.file_id)) }
        : { csv: await download(ctx, document.file_id) };
    } catch (error) {
      if (error instanceof UnreadableWorkbookError) {
        await sendHtml(ctx, ctx.t("admin.sheet.file_errors.workbook_unreadable"));
        return;
      }
      ctx.log.warn({ err: error }, "spreadsheet download failed");
      await sendHtml(ctx, ctx.t("admin.import.download_failed"));
      return;
    }
    await previewImport(ctx, name || (workbook ? "events.xlsx" : "events.csv"), input);
  });
  return feature;
}
