/**
 * `/broadcast`: compose (text, or photo with caption) → plain or formatted → audience (all,
 * a province, an event's subscribers, a language) → preview with the recipient count →
 * single-use Confirm. `/broadcast all <text>` enters with the text and audience filled in.
 */
import { checkTelegramHtml } from "../../domain/admin/html-check.js";
import type { Audience, AnnouncementContent } from "../../domain/admin/types.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { sendAnnouncePreview } from "../features/admin-notice.js";
import { sendHtml } from "../features/admin-ui.js";
import { resolveProvince } from "./admin-fields.js";
import { type AdminConversation, prompt } from "./admin-prompts.js";

/** Conversation id. */
export const BROADCAST_COMPOSE = "admin-broadcast";

/** Telegram's limits for a message text and a photo caption. */
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

/** What the shortcut passes in. */
export interface BroadcastStart {
  text?: string | undefined;
  audience?: Audience | undefined;
}

/**
 * Turns typed text into the HTML that goes out: escaped, unless the coordinator chose
 * formatted mode and the HTML is valid. Returns the error key when it is not.
 */
export async function finalHtml(
  conversation: AdminConversation,
  ctx: BotContext,
  text: string,
): Promise<{ html: string } | { error: string }> {
  if (!/[<&]/.test(text)) return { html: text };
  const mode = await prompt(conversation, ctx, ctx.t("admin.broadcast.ask_mode"), {
    choices: [
      [
        [ctx.t("admin.button.plain"), "plain"],
        [ctx.t("admin.button.formatted"), "html"],
      ],
    ],
  });
  if (!(mode.kind === "choice" && mode.value === "html")) return { html: escapeHtml(text) };
  const check = checkTelegramHtml(text);
  return check.ok ? { html: text } : { error: `admin.html.${check.error}` };
}

async function askContent(
  conversation: AdminConversation,
  ctx: BotContext,
  text: string | undefined,
): Promise<AnnouncementContent> {
  let question = ctx.t("admin.broadcast.ask_content");
  for (;;) {
    const answer =
      text !== undefined
        ? ({ kind: "text", text } as const)
        : await prompt(conversation, ctx, question, { accept: { photo: true } });
    text = undefined;
    const raw =
      answer.kind === "text" ? answer.text : answer.kind === "photo" ? answer.caption : undefined;
    if (raw === undefined) continue;
    const result = await finalHtml(conversation, ctx, raw);
    const limit = answer.kind === "photo" ? MAX_CAPTION : MAX_TEXT;
    if ("error" in result || result.html.length > limit) {
      question = `${ctx.t("error" in result ? result.error : "admin.errors.too_long")}\n${ctx.t("admin.broadcast.ask_content")}`;
      continue;
    }
    return answer.kind === "photo"
      ? { html: result.html, photoFileId: answer.fileId }
      : { html: result.html };
  }
}

async function askAudience(conversation: AdminConversation, ctx: BotContext): Promise<Audience> {
  for (;;) {
    const answer = await prompt(conversation, ctx, ctx.t("admin.broadcast.ask_audience"), {
      choices: [
        [
          [ctx.t("admin.audience.all"), "all"],
          [ctx.t("admin.audience.province"), "province"],
        ],
        [
          [ctx.t("admin.audience.event"), "event"],
          [ctx.t("admin.audience.language"), "language"],
        ],
      ],
    });
    const kind = answer.kind === "choice" ? answer.value : "";
    if (kind === "all") return { kind: "all" };
    if (kind === "language") {
      const lang = await prompt(conversation, ctx, ctx.t("admin.broadcast.ask_language"), {
        choices: [
          [
            [ctx.t("language.vi"), "vi"],
            [ctx.t("language.en"), "en"],
          ],
        ],
      });
      return {
        kind: "language",
        lang: lang.kind === "choice" && lang.value === "en" ? "en" : "vi",
      };
    }
    if (kind === "province") {
      const name = await prompt(conversation, ctx, ctx.t("admin.ask.province"));
      const province = name.kind === "text" ? resolveProvince(ctx, name.text) : undefined;
      if (province) return { kind: "province", provinceId: province.id };
      await sendHtml(ctx, ctx.t("admin.errors.province_unknown"));
    }
    if (kind === "event") {
      const events = await conversation.external(() => ctx.deps.admin.events.list());
      const picked = await prompt(conversation, ctx, ctx.t("admin.broadcast.ask_event"), {
        choices: events.slice(0, 20).map((e) => [[`${e.id} · ${e.date}`, e.id]]),
      });
      const event = events.find((e) => picked.kind === "choice" && e.id === picked.value);
      if (event) return { kind: "event", eventId: event.id };
    }
  }
}

/** The `/broadcast` conversation. */
export async function broadcastComposeConversation(
  conversation: AdminConversation,
  ctx: BotContext,
  start: BroadcastStart = {},
): Promise<void> {
  const content = await askContent(conversation, ctx, start.text);
  const audience = start.audience ?? (await askAudience(conversation, ctx));
  const count = await conversation.external(() =>
    ctx.deps.admin.broadcasts.countAudience(audience),
  );
  const token = await conversation.external(() =>
    ctx.deps.admin.pending.create(
      ctx.from?.id ?? 0,
      { kind: "announce", audience, content },
      ctx.deps.clock.now(),
    ),
  );
  await sendAnnouncePreview(
    ctx,
    token,
    audience,
    content.html,
    count,
    "",
    "",
    undefined,
    content.photoFileId,
  );
}
