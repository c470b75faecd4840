/**
 * `/editevent <id>`: pick a field, give the new value, see old → new, then Confirm (a
 * single-use button handled outside the conversation, with a version check). Like
 * `/newevent`, one step message on Telegram: a press edits it in place, a finished step keeps
 * no buttons.
 */
import { applyPatch, type EditableField, fieldValue } from "../../domain/admin/event-editing.js";
import type { CommunityEvent, EventStatus } from "../../domain/types.js";
import { formatDayMonthYear } from "../../domain/calendar.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { confirmKeyboard, customerPreview, sendHtml } from "../features/admin-ui.js";
import { askField } from "./admin-fields.js";
import { type AdminConversation, prompt } from "./admin-prompts.js";
import { closeScreen, newStepScreen, type StepScreen, showOnScreen } from "./step-message.js";

/** Conversation id. */
export const EDIT_EVENT = "admin-edit-event";

const FIELD_ROWS: EditableField[][] = [
  ["date", "time", "status"],
  ["venue", "address", "province"],
  ["notes"],
];

/** "old → new" for one field, escaped. */
export function oldToNew(
  ctx: BotContext,
  before: CommunityEvent,
  after: CommunityEvent,
  field: EditableField,
): string {
  const show = (event: CommunityEvent) => {
    const value = fieldValue(event, field);
    if (!value) return ctx.t("admin.empty_value");
    if (field === "status") return ctx.t(`admin.status.${value}`);
    return escapeHtml(field === "date" ? formatDayMonthYear(value) : value);
  };
  return ctx.t("admin.edit.old_new", {
    field: ctx.t(`admin.field.${field}`),
    before: show(before),
    after: show(after),
  });
}

async function askStatus(
  conversation: AdminConversation,
  ctx: BotContext,
  screen: StepScreen,
): Promise<EventStatus | undefined> {
  const statuses: EventStatus[] = ["scheduled", "moved", "cancelled"];
  const answer = await prompt(conversation, ctx, ctx.t("admin.ask.status"), {
    choices: [statuses.map((s): [string, string] => [ctx.t(`admin.status.${s}`), s])],
    screen,
  });
  return statuses.find((s) => answer.kind === "choice" && answer.value === s);
}

/** The `/editevent` conversation, entered with the event id. */
export async function editEventConversation(
  conversation: AdminConversation,
  ctx: BotContext,
  eventId: string,
): Promise<void> {
  const before = await conversation.external(() => ctx.deps.admin.events.get(eventId));
  if (!before) {
    await sendHtml(ctx, ctx.t("admin.errors.event_unknown", { id: escapeHtml(eventId) }));
    return;
  }
  const card = await conversation.external(() => customerPreview(ctx, before));
  const screen = newStepScreen();
  const picked = await prompt(conversation, ctx, `${card}\n\n${ctx.t("admin.ask.which_field")}`, {
    choices: FIELD_ROWS.map((row) =>
      row.map((f): [string, string] => [ctx.t(`admin.field.${f}`), f]),
    ),
    screen,
  });
  const field = FIELD_ROWS.flat().find((f) => picked.kind === "choice" && picked.value === f);
  if (!field) return closeScreen(ctx, screen);
  let patch: Partial<CommunityEvent> | undefined;
  let echo = "";
  if (field === "status") {
    const status = await askStatus(conversation, ctx, screen);
    patch = status ? { status } : undefined;
  } else {
    const answered = await askField(
      conversation,
      ctx,
      field,
      field !== "province" && field !== "date",
      "",
      screen,
    );
    patch = answered.patch;
    echo = answered.echo;
    patch ??=
      field === "time"
        ? { startTime: undefined, endTime: undefined }
        : field === "venue"
          ? { venueName: undefined }
          : field === "address"
            ? { address: undefined }
            : field === "notes"
              ? { notes: undefined }
              : {};
  }
  if (!patch) return closeScreen(ctx, screen);
  const now = new Date(await conversation.external(() => ctx.deps.clock.now().getTime()));
  const after = applyPatch(before, patch, now);
  if (fieldValue(before, field) === fieldValue(after, field)) {
    await closeScreen(ctx, screen);
    await sendHtml(ctx, ctx.t("admin.edit.unchanged"));
    return;
  }
  const token = await conversation.external(() =>
    ctx.deps.admin.pending.create(
      ctx.from?.id ?? 0,
      { kind: "edit_event", eventId, expectedVersion: before.version, after },
      ctx.deps.clock.now(),
    ),
  );
  const preview = await conversation.external(() => customerPreview(ctx, after));
  // The confirmation is the wizard's last screen; its Confirm / Cancel stay live.
  await showOnScreen(
    ctx,
    screen,
    `${echo ? `${echo}\n\n` : ""}${ctx.t("admin.edit.confirm_title", { id: escapeHtml(eventId) })}\n${oldToNew(ctx, before, after, field)}\n\n${preview}`,
    confirmKeyboard(ctx, token),
  );
}
