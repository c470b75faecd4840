/**
 * `/newevent`: programme → province → date (weekday echoed; past dates confirmed) → time →
 * venue → address → map pin → services → notes → preview exactly as customers will see it,
 * with Confirm / Edit / Cancel. "Edit" re-enters this conversation with the draft.
 *
 * On Telegram the wizard is one step message: a step answered by a press (a choice, Skip,
 * Back) is replaced in place by the next; after a typed answer the next step comes as a new
 * message and the answered one loses its keyboard, so only the open step's buttons are live.
 */
import { AdminCallbacks } from "../admin-callback-data.js";
import { InlineKeyboard } from "grammy";
import { applyPatch, newEventId } from "../../domain/admin/event-editing.js";
import type { CommunityEvent, Programme, Province } from "../../domain/types.js";
import { localized } from "../../presentation/event-card.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { adminButton, customerPreview } from "../features/admin-ui.js";
import { askField, askFieldStep, type TextField } from "./admin-fields.js";
import { type AdminConversation, prompt } from "./admin-prompts.js";
import { newStepScreen, type StepScreen, showOnScreen } from "./step-message.js";

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

/** One step of the fresh wizard, in order. */
type Step =
  | { kind: "programme"; programmes: Programme[] }
  | { kind: "field"; field: TextField; optional: boolean }
  | { kind: "location" }
  | { kind: "services"; programme: () => Programme | undefined }
  | { kind: "notes" };

/** What a step answered: the draft's fields, the echo shown above the next question. */
interface StepOutcome {
  patch: Partial<CommunityEvent>;
  echo: string;
  programme?: Programme | undefined;
  /** Extra services typed at the services step. */
  services?: string;
}

/** How a step is asked: the wizard's step message, whether "Back" is offered. */
interface StepFlow {
  screen: StepScreen;
  back: boolean;
}

async function askLocation(
  conversation: AdminConversation,
  ctx: BotContext,
  lead: string,
  flow: StepFlow,
): Promise<StepOutcome | "back"> {
  const question = [lead, ctx.t("admin.ask.location")].filter(Boolean).join("\n\n");
  const answer = await prompt(conversation, ctx, question, {
    skip: true,
    accept: { location: true, text: false },
    ...flow,
  });
  if (answer.kind === "back") return "back";
  return answer.kind === "location"
    ? { patch: { location: { latitude: answer.latitude, longitude: answer.longitude } }, echo: "" }
    : { patch: { location: undefined }, echo: "" };
}

async function askServices(
  conversation: AdminConversation,
  ctx: BotContext,
  programme: Programme | undefined,
  lead: string,
  flow: StepFlow,
): Promise<StepOutcome | "back"> {
  const services = (programme?.services ?? []).map((s) => `• ${escapeHtml(localized(s, "vi"))}`);
  const question = ctx.t("admin.ask.services", { list: services.join("\n") || "—" });
  const extra = await prompt(conversation, ctx, [lead, question].filter(Boolean).join("\n\n"), {
    choices: [[[ctx.t("admin.button.keep_services"), "keep"]]],
    ...flow,
  });
  if (extra.kind === "back") return "back";
  return { patch: {}, echo: "", ...(extra.kind === "text" ? { services: extra.text } : {}) };
}

async function askProgramme(
  conversation: AdminConversation,
  ctx: BotContext,
  programmes: Programme[],
  lead: string,
  flow: StepFlow,
): Promise<StepOutcome | "back"> {
  const answer = await prompt(conversation, ctx, `${lead}\n\n${ctx.t("admin.ask.programme")}`, {
    choices: programmes.map((p) => [[localized(p.name, "vi"), p.id]]),
    ...flow,
  });
  if (answer.kind === "back") return "back";
  const picked = programmes.find((p) => answer.kind === "choice" && p.id === answer.value);
  return { patch: {}, echo: "", programme: picked ?? programmes[0] };
}

function askStep(
  conversation: AdminConversation,
  ctx: BotContext,
  step: Step,
  lead: string,
  flow: StepFlow,
): Promise<StepOutcome | "back"> {
  switch (step.kind) {
    case "programme":
      return askProgramme(conversation, ctx, step.programmes, lead, flow);
    case "location":
      return askLocation(conversation, ctx, lead, flow);
    case "services":
      return askServices(conversation, ctx, step.programme(), lead, flow);
    case "field":
    case "notes": {
      const { field, optional } =
        step.kind === "notes" ? { field: "notes" as const, optional: true } : step;
      return askFieldStep(conversation, ctx, field, optional, lead, flow).then((answer) =>
        answer === "back" ? answer : { patch: answer.patch ?? {}, echo: answer.echo },
      );
    }
  }
}

/**
 * Asks the steps in order; "Back" returns to the previous step (its answer forgotten). On
 * Telegram a step answered by a press is replaced in place by the next one.
 */
async function askAllSteps(
  conversation: AdminConversation,
  ctx: BotContext,
  screen: StepScreen,
): Promise<{ programme: Programme | undefined; fields: Partial<CommunityEvent> }> {
  const programmes = await conversation.external(() => ctx.deps.admin.programmes.list());
  const outcomes: StepOutcome[] = [];
  const programmeOf = () => outcomes.find((o) => o.programme)?.programme ?? programmes[0];
  const steps: Step[] = [
    ...(programmes.length > 1 ? [{ kind: "programme" as const, programmes }] : []),
    ...FIELDS_IN_ORDER.map((f) => ({ kind: "field" as const, ...f })),
    { kind: "location" },
    { kind: "services", programme: programmeOf },
    { kind: "notes" },
  ];
  const intro = ctx.t("admin.newevent.intro");
  let index = 0;
  while (index < steps.length) {
    const step = steps[index] as Step;
    // Each step is one message: the echo of the previous answer above the next question.
    const lead = index === 0 ? intro : (outcomes[index - 1]?.echo ?? "");
    const outcome = await askStep(conversation, ctx, step, lead, { screen, back: index > 0 });
    if (outcome === "back") {
      index -= 1;
      outcomes.length = index;
      continue;
    }
    outcomes[index] = outcome;
    index += 1;
  }
  let fields: Partial<CommunityEvent> = {};
  for (const outcome of outcomes) fields = { ...fields, ...outcome.patch };
  const services = outcomes.find((o) => o.services !== undefined)?.services;
  const parts = [
    services !== undefined ? ctx.t("admin.services_note", { services }) : "",
    fields.notes?.vi ?? "",
  ].filter(Boolean);
  fields = { ...fields, notes: parts.length > 0 ? { vi: parts.join("\n") } : undefined };
  return { programme: programmeOf(), fields };
}

async function editOneField(
  conversation: AdminConversation,
  ctx: BotContext,
  draft: CommunityEvent,
  screen: StepScreen,
) {
  const fields = ["province", "date", "time", "venue", "address", "location", "notes"] as const;
  const answer = await prompt(conversation, ctx, ctx.t("admin.ask.which_field"), {
    choices: [[...fields.slice(0, 4)], [...fields.slice(4)]].map((row) =>
      row.map((f): [string, string] => [ctx.t(`admin.field.${f}`), f]),
    ),
    screen,
  });
  const field = answer.kind === "choice" ? answer.value : "";
  if (field === "location") {
    const located = await askLocation(conversation, ctx, "", { screen, back: false });
    return located === "back" ? draft : { ...draft, ...located.patch };
  }
  const textField = FIELDS_IN_ORDER.find((f) => f.field === field) ?? {
    field: "notes" as const,
    optional: true,
  };
  const answered = await askField(
    conversation,
    ctx,
    textField.field,
    textField.optional,
    "",
    screen,
  );
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
  const screen = newStepScreen();
  if (resume) {
    draft = await editOneField(conversation, ctx, resume.draft, screen);
    await conversation.external(() =>
      ctx.deps.admin.pending.discard(resume.token, ctx.deps.clock.now()),
    );
  } else {
    const { programme, fields } = await askAllSteps(conversation, ctx, screen);
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
  // The preview is the wizard's last screen; its Confirm / Edit / Cancel stay live.
  await showOnScreen(
    ctx,
    screen,
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
