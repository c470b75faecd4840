/**
 * `/newevent`: programme → province → date (weekday echoed; past dates confirmed) → time →
 * venue → address → map pin → services → notes → preview exactly as customers will see it,
 * with Confirm / Edit / Cancel. "Edit" re-enters this conversation with the draft.
 */
import { AdminCallbacks } from "../admin-callback-data.js";
import { InlineKeyboard } from "grammy";
import { applyPatch, newEventId } from "../../domain/admin/event-editing.js";
import type { CommunityEvent, Programme, Province } from "../../domain/types.js";
import { localized } from "../../presentation/event-card.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { adminButton, customerPreview, sendHtml } from "../features/admin-ui.js";
import { askField, type TextField } from "./admin-fields.js";
import { type AdminConversation, prompt } from "./admin-prompts.js";

/** Conversation id. */
export const NEW_EVENT = "admin-new-event";

/** What "Edit" passes back in: the draft and the token of the preview it replaces. */
export interface NewEventResume {
  draft: CommunityEvent;
  token: string;
}

const FIELDS_IN_ORDER: Array<{ field: TextField; optional: boolean }> = [
  { field: "province", optional: false },
  { field: "date", optional: false },
  { field: "time", optional: true },
  { field: "venue", optional: true },
  { field: "address", optional: true },
];

async function askLocation(conversation: AdminConversation, ctx: BotContext, lead = "") {
  const question = [lead, ctx.t("admin.ask.location")].filter(Boolean).join("\n\n");
  const answer = await prompt(conversation, ctx, question, {
    skip: true,
    accept: { location: true, text: false },
  });
  return answer.kind === "location"
    ? { location: { latitude: answer.latitude, longitude: answer.longitude } }
    : { location: undefined };
}

async function askServicesAndNotes(
  conversation: AdminConversation,
  ctx: BotContext,
  programme: Programme | undefined,
): Promise<Partial<CommunityEvent>> {
  const services = (programme?.services ?? []).map((s) => `• ${escapeHtml(localized(s, "vi"))}`);
  const extra = await prompt(
    conversation,
    ctx,
    ctx.t("admin.ask.services", { list: services.join("\n") || "—" }),
    { choices: [[[ctx.t("admin.button.keep_services"), "keep"]]] },
  );
  const notes = await askField(conversation, ctx, "notes", true);
  const parts = [
    extra.kind === "text" ? ctx.t("admin.services_note", { services: extra.text }) : "",
    notes.patch?.notes?.vi ?? "",
  ].filter(Boolean);
  return { notes: parts.length > 0 ? { vi: parts.join("\n") } : undefined };
}

/** Picks the programme; with only one, picks it without asking (`asked` is then false). */
async function pickProgramme(
  conversation: AdminConversation,
  ctx: BotContext,
  lead: string,
): Promise<{ programme: Programme | undefined; asked: boolean }> {
  const programmes = await conversation.external(() => ctx.deps.admin.programmes.list());
  if (programmes.length <= 1) return { programme: programmes[0], asked: false };
  const answer = await prompt(conversation, ctx, `${lead}\n\n${ctx.t("admin.ask.programme")}`, {
    choices: programmes.map((p) => [[localized(p.name, "vi"), p.id]]),
  });
  const picked = programmes.find((p) => answer.kind === "choice" && p.id === answer.value);
  return { programme: picked ?? programmes[0], asked: true };
}

async function editOneField(
  conversation: AdminConversation,
  ctx: BotContext,
  draft: CommunityEvent,
) {
  const fields = ["province", "date", "time", "venue", "address", "location", "notes"] as const;
  const answer = await prompt(conversation, ctx, ctx.t("admin.ask.which_field"), {
    choices: [[...fields.slice(0, 4)], [...fields.slice(4)]].map((row) =>
      row.map((f): [string, string] => [ctx.t(`admin.field.${f}`), f]),
    ),
  });
  const field = answer.kind === "choice" ? answer.value : "";
  if (field === "location") return { ...draft, ...(await askLocation(conversation, ctx)) };
  const textField = FIELDS_IN_ORDER.find((f) => f.field === field) ?? {
    field: "notes" as const,
    optional: true,
  };
  const answered = await askField(conversation, ctx, textField.field, textField.optional);
  return { ...draft, ...(answered.patch ?? clearPatch(textField.field)) };
}

function clearPatch(field: TextField): Partial<CommunityEvent> {
  if (field === "time") return { startTime: undefined, endTime: undefined };
  if (field === "venue") return { venueName: undefined };
  if (field === "address") return { address: undefined };
  if (field === "notes") return { notes: undefined };
  return {};
}

/** The `/newevent` conversation. */
export async function newEventConversation(
  conversation: AdminConversation,
  ctx: BotContext,
  resume?: NewEventResume,
): Promise<void> {
  let draft: CommunityEvent;
  if (resume) {
    draft = await editOneField(conversation, ctx, resume.draft);
    await conversation.external(() =>
      ctx.deps.admin.pending.discard(resume.token, ctx.deps.clock.now()),
    );
  } else {
    const intro = ctx.t("admin.newevent.intro");
    const { programme, asked } = await pickProgramme(conversation, ctx, intro);
    // Each step is one message: the echo of the previous answer above the next question.
    let lead = asked ? "" : intro;
    let fields: Partial<CommunityEvent> = {};
    for (const { field, optional } of FIELDS_IN_ORDER) {
      const answered = await askField(conversation, ctx, field, optional, lead);
      fields = { ...fields, ...answered.patch };
      lead = answered.echo;
    }
    fields = { ...fields, ...(await askLocation(conversation, ctx, lead)) };
    fields = { ...fields, ...(await askServicesAndNotes(conversation, ctx, programme)) };
    draft = {
      id: "",
      programmeId: programme?.id ?? "",
      provinceId: fields.provinceId ?? "",
      date: fields.date ?? "",
      status: "scheduled",
      version: 1,
      updatedAt: "",
      ...fields,
    };
  }
  const now = new Date(await conversation.external(() => ctx.deps.clock.now().getTime()));
  const taken = new Set(
    await conversation.external(async () => (await ctx.deps.admin.events.list()).map((e) => e.id)),
  );
  const province = ctx.deps.gazetteer.get(draft.provinceId) as Province | undefined;
  if (
    !draft.id ||
    (!resume && taken.has(draft.id)) ||
    (resume && draft.provinceId !== resume.draft.provinceId)
  ) {
    draft = { ...draft, id: province ? newEventId(province, draft.date, taken) : "ev" };
  }
  draft = { ...applyPatch(draft, {}, now), version: 1 };
  const event = draft;
  const preview = await conversation.external(() => customerPreview(ctx, event));
  const token = await conversation.external(() =>
    ctx.deps.admin.pending.create(
      ctx.from?.id ?? 0,
      { kind: "create_event", event },
      ctx.deps.clock.now(),
    ),
  );
  await sendHtml(
    ctx,
    `${ctx.t("admin.newevent.preview", { id: event.id })}\n\n${preview}`,
    InlineKeyboard.from([
      [
        adminButton(ctx.t("admin.button.confirm"), AdminCallbacks.confirm.encode({ token })),
        adminButton(ctx.t("admin.button.edit"), AdminCallbacks.editDraft.encode({ token })),
      ],
      [adminButton(ctx.t("admin.button.cancel"), AdminCallbacks.discard.encode({ token }))],
    ]),
  );
}
