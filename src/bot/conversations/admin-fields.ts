/**
 * Asking for one event field inside a conversation: the prompt, the parse, the echo (weekday
 * for dates, "now part of" for former provinces) and the past-date confirmation.
 */
import { vietnamDateOf } from "../../domain/calendar.js";
import { type EditableField, parseField } from "../../domain/admin/event-editing.js";
import type { CommunityEvent, Province } from "../../domain/types.js";
import { fullDate } from "../../presentation/event-card.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { type AdminConversation, prompt } from "./admin-prompts.js";
import type { StepScreen } from "./step-message.js";

/** Finds a province by any current or former name through the gazetteer. */
export function resolveProvince(ctx: BotContext, name: string): Province | undefined {
  const found: unknown = ctx.deps.gazetteer.resolve(name);
  if (!found || typeof found !== "object") return undefined;
  if ("id" in found && "name" in found) return found as Province;
  if ("province" in found) return (found as { province: Province }).province;
  return undefined;
}

/** "<former province> (now part of <current province>)", in the coordinator's language. */
export function provinceEcho(ctx: BotContext, province: Province): string {
  const current = ctx.deps.gazetteer.currentOf(province.id) as Province | undefined;
  return current && current.id !== province.id
    ? ctx.t("card.province_now_part_of", { province: province.name, current: current.name })
    : province.name;
}

/** Fields the wizard asks for with free text (map pin and services are asked separately). */
export type TextField = Exclude<EditableField, "status">;

/** A field's answer: the patch (undefined when skipped) and an echo to show with the next message. */
export interface FieldAnswer {
  patch: Partial<CommunityEvent> | undefined;
  echo: string;
}

/** How a wizard shows a field's question: its step message, and whether "Back" is offered. */
export interface FieldFlow {
  screen?: StepScreen;
  back?: boolean;
}

/**
 * Asks for `field` until the answer parses. `lead` is shown above the question (the echo of
 * the previous answer), so each step is one message. A past date needs an explicit "yes".
 */
export async function askField(
  conversation: AdminConversation,
  ctx: BotContext,
  field: TextField,
  optional: boolean,
  lead = "",
  screen?: StepScreen,
): Promise<FieldAnswer> {
  const flow = screen ? { screen } : {};
  const answer = await askFieldStep(conversation, ctx, field, optional, lead, flow);
  // No "Back" was offered, so none came.
  return answer === "back" ? { patch: undefined, echo: "" } : answer;
}

/** {@link askField} as a wizard step that may offer "Back": then it can answer `"back"`. */
export async function askFieldStep(
  conversation: AdminConversation,
  ctx: BotContext,
  field: TextField,
  optional: boolean,
  lead: string,
  flow: FieldFlow,
): Promise<FieldAnswer | "back"> {
  const shown = flow.screen ? { screen: flow.screen } : {};
  let question = [lead, ctx.t(`admin.ask.${field}`)].filter(Boolean).join("\n\n");
  for (;;) {
    const answer = await prompt(conversation, ctx, question, {
      skip: optional,
      back: flow.back ?? false,
      ...shown,
    });
    if (answer.kind === "back") return "back";
    if (answer.kind === "skip") return { patch: undefined, echo: "" };
    if (answer.kind !== "text") continue;
    const now = new Date(await conversation.external(() => ctx.deps.clock.now().getTime()));
    const parsed = parseField(field, answer.text, {
      today: vietnamDateOf(now),
      resolveProvince: (name) => resolveProvince(ctx, name),
    });
    if (!parsed.ok) {
      question = `${ctx.t(`admin.errors.${parsed.error}`)}\n${ctx.t(`admin.ask.${field}`)}`;
      continue;
    }
    let echo = "";
    if (field === "province" && parsed.patch.provinceId) {
      const province = ctx.deps.gazetteer.get(parsed.patch.provinceId) as Province | undefined;
      if (province) {
        echo = ctx.t("admin.echo.province", { province: escapeHtml(provinceEcho(ctx, province)) });
      }
    }
    if (field === "date" && parsed.patch.date) {
      const date = fullDate(parsed.patch.date, ctx.deps.i18n.t("vi"));
      echo = ctx.t("admin.echo.date", { date });
      if (parsed.pastDate) {
        const sure = await prompt(conversation, ctx, ctx.t("admin.echo.date_past", { date }), {
          ...shown,
          choices: [
            [
              [ctx.t("admin.button.yes"), "yes"],
              [ctx.t("admin.button.no"), "no"],
            ],
          ],
        });
        if (!(sure.kind === "choice" && sure.value === "yes")) {
          question = ctx.t(`admin.ask.${field}`);
          continue;
        }
      }
    }
    return { patch: parsed.patch, echo };
  }
}
