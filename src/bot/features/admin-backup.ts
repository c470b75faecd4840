/**
 * `/export`: the JSON backup and the subscribers CSV as documents. `/import`: the coordinator
 * sends a backup file (a `loa-backup-*.json` document, or any document captioned `/import`);
 * it is validated in full, summarised, and restored only after a single-use confirm.
 */
import { type Composer, InputFile } from "grammy";
import { parseBackup } from "../../domain/admin/backup.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { commandOf } from "../filters/is-admin.js";
import { eventsSheet } from "./admin-sheet.js";
import { actorOf, confirmKeyboard, sendHtml } from "./admin-ui.js";
import { LeanComposer } from "../lean-composer.js";

/** Largest backup we accept (the Bot API serves downloads up to 20 MB). */
const MAX_BACKUP_BYTES = 20 * 1024 * 1024;

/** Sends the backup and the CSV. */
export async function sendExport(ctx: BotContext): Promise<void> {
  const now = ctx.deps.clock.now();
  const { backup, json, csv } = await ctx.deps.admin.backup.export(now);
  const stamp = now.toISOString().slice(0, 10);
  await ctx.replyWithDocument(
    new InputFile(Buffer.from(json, "utf8"), `loa-backup-${stamp}.json`),
    {
      caption: ctx.t("admin.export.caption", {
        events: backup.events.length,
        subscriptions: backup.subscriptions.length,
      }),
    },
  );
  // CSV files start with a UTF-8 byte order mark, so Excel shows Vietnamese correctly.
  await ctx.replyWithDocument(
    new InputFile(Buffer.from(`\uFEFF${csv}`, "utf8"), `loa-subscribers-${stamp}.csv`),
  );
  await ctx.replyWithDocument(
    new InputFile(Buffer.from(await eventsSheet(ctx), "utf8"), `loa-events-${stamp}.csv`),
    { caption: ctx.t("admin.sheet.export_caption") },
  );
  const actor = actorOf(ctx);
  await ctx.deps.admin.audit.record(
    { actorId: actor.id, actorName: actor.name, action: "export" },
    now,
  );
}

/** Downloads a document the coordinator sent, as text. */
async function fetchFile(ctx: BotContext, fileId: string): Promise<Response> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) throw new Error("getFile returned no file_path");
  const root = ctx.api.options?.apiRoot ?? "https://api.telegram.org";
  const response = await fetch(`${root}/file/bot${ctx.api.token}/${file.file_path}`);
  if (!response.ok) throw new Error(`file download failed: HTTP ${response.status}`);
  return response;
}

/** Downloads a document the user sent, as text (UTF-8). */
export async function download(ctx: BotContext, fileId: string): Promise<string> {
  return (await fetchFile(ctx, fileId)).text();
}

/** Downloads a document the user sent, as bytes. */
export async function downloadBytes(ctx: BotContext, fileId: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetchFile(ctx, fileId)).arrayBuffer());
}

/** Backup commands and documents (coordinators only; the gate is in front). */
export function adminBackupFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature.command("export", sendExport);
  feature.on("message:document", async (ctx, next) => {
    const document = ctx.message.document;
    const named = /^loa-backup.*\.json$/i.test(document.file_name ?? "");
    if (!named && commandOf(ctx.message.caption) !== "import") return next();
    if ((document.file_size ?? 0) > MAX_BACKUP_BYTES) {
      await sendHtml(
        ctx,
        ctx.t("admin.import.invalid", { error: ctx.t("admin.import.errors.too_large") }),
      );
      return;
    }
    let text: string;
    try {
      text = await download(ctx, document.file_id);
    } catch (error) {
      ctx.log.warn({ err: error }, "backup download failed");
      await sendHtml(ctx, ctx.t("admin.import.download_failed"));
      return;
    }
    const parsed = parseBackup(text);
    if (!parsed.ok) {
      const error = ctx.t(`admin.import.errors.${parsed.error}`, {
        path: escapeHtml(parsed.path ?? ""),
      });
      await sendHtml(ctx, ctx.t("admin.import.invalid", { error }));
      return;
    }
    const { backup } = parsed;
    const token = await ctx.deps.admin.pending.create(
      ctx.from.id,
      { kind: "import", backup },
      ctx.deps.clock.now(),
    );
    const restoresAdmins = ctx.deps.admin.backup.restoresAdmins(ctx.from.id);
    await sendHtml(
      ctx,
      ctx.t(restoresAdmins ? "admin.import.preview" : "admin.import.preview_keep_admins", {
        exportedAt: escapeHtml(backup.exportedAt),
        events: backup.events.length,
        programmes: backup.programmes.length,
        admins: backup.admins.length,
        subscriptions: backup.subscriptions.length,
      }),
      confirmKeyboard(ctx, token),
    );
  });
  feature.command("import", (ctx) => sendHtml(ctx, ctx.t("admin.import.usage")));
  return feature;
}
