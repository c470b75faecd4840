/** The Bot API methods the emulator answers, validated like Telegram. */
import type { Message } from "grammy/types";
import { checkTelegramHtml } from "./html-check.js";
import type { Params, UploadedFile } from "./request-body.js";
import type { TelegramEmulator } from "./telegram-emulator.js";
import type { ApiResponse } from "./types.js";

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const MAX_CALLBACK_BYTES = 64;

const ok = (result: unknown): ApiResponse => ({ ok: true, result });
const bad = (description: string): ApiResponse => ({
  ok: false,
  error_code: 400,
  description: `Bad Request: ${description}`,
});

function isUpload(value: unknown): value is UploadedFile {
  return typeof value === "object" && value !== null && "bytes" in value;
}

function checkMarkup(markup: unknown): string | undefined {
  if (!markup || typeof markup !== "object" || !("inline_keyboard" in markup)) return undefined;
  const rows = (markup as { inline_keyboard: unknown }).inline_keyboard;
  if (!Array.isArray(rows)) return 'field "inline_keyboard" must be an Array';
  for (const row of rows) {
    for (const button of Array.isArray(row) ? row : []) {
      const data = (button as { callback_data?: unknown }).callback_data;
      if (typeof data === "string" && Buffer.byteLength(data) > MAX_CALLBACK_BYTES) {
        return "BUTTON_DATA_INVALID";
      }
    }
  }
  return undefined;
}

function checkText(
  text: unknown,
  parseMode: unknown,
  max: number,
  field: string,
): string | undefined {
  if (typeof text !== "string" || text.trim().length === 0) return `${field} is empty`;
  if (text.length > max)
    return field === "message text" ? "message is too long" : "message caption is too long";
  if (parseMode === "HTML") return checkTelegramHtml(text);
  return undefined;
}

function stripHtml(text: string): string {
  return text
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** Answers one call; `emulator` holds the state. */
export function handleMethod(emulator: TelegramEmulator, method: string, p: Params): ApiResponse {
  const state = emulator.state;
  const chatId = Number(p.chat_id);
  const needsChat = () => {
    if (!state.has(chatId)) return bad("chat not found");
    const blocked = state.blocked.get(chatId);
    if (blocked) return { ok: false, error_code: 403, description: blocked } as ApiResponse;
    return undefined;
  };
  const deliver = (content: Partial<Message>): ApiResponse => {
    const markupError = checkMarkup(p.reply_markup);
    if (markupError) return bad(markupError);
    const message = state.botMessage(chatId, emulator.botUser, {
      ...content,
      ...(p.reply_markup &&
      typeof p.reply_markup === "object" &&
      "inline_keyboard" in p.reply_markup
        ? { reply_markup: p.reply_markup }
        : {}),
    } as Partial<Message>);
    emulator.emit("message", { chatId, message, fromBot: true });
    return ok(message);
  };

  switch (method) {
    case "getMe":
      return ok(emulator.botUser);
    case "setWebhook": {
      const url = typeof p.url === "string" ? p.url : "";
      if (!url) return emulator.deleteWebhook();
      if (!/^https?:\/\//.test(url))
        return bad("bad webhook: An HTTPS URL must be provided for webhook");
      const secret = typeof p.secret_token === "string" ? p.secret_token : undefined;
      if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
        return bad("secret token contains unallowed characters");
      }
      emulator.setWebhook(url, secret, Number(p.max_connections ?? 40) || 40);
      return ok(true);
    }
    case "deleteWebhook":
      return emulator.deleteWebhook();
    case "close":
    case "logOut":
    case "setMyCommands":
      emulator.setCommands(p.scope, p.language_code, p.commands);
      return ok(true);
    case "deleteMyCommands":
      emulator.setCommands(p.scope, p.language_code, undefined);
      return ok(true);
    case "setChatMenuButton":
    case "setMessageReaction":
    case "setMyDescription":
    case "setMyShortDescription":
      return ok(true);
    case "getWebhookInfo":
      return ok({
        url: emulator.webhookUrl ?? "",
        has_custom_certificate: false,
        pending_update_count: emulator.pendingUpdates(),
      });
    case "getMyCommands":
      return ok([]);
    case "getFile": {
      const fileId = String(p.file_id ?? "");
      const file = emulator.file(fileId);
      if (!file) return bad("invalid file_id");
      return ok({
        file_id: fileId,
        file_unique_id: fileId,
        file_size: file.bytes.length,
        file_path: fileId,
      });
    }
    case "sendChatAction":
      return needsChat() ?? ok(true);
    case "answerCallbackQuery": {
      const text = typeof p.text === "string" ? p.text : undefined;
      emulator.emit("callback_answer", {
        callbackQueryId: String(p.callback_query_id),
        ...(text ? { text } : {}),
        showAlert: p.show_alert === true || p.show_alert === "true",
      });
      return ok(true);
    }
    case "sendMessage": {
      const problem = checkText(p.text, p.parse_mode, MAX_TEXT, "message text");
      if (problem) return bad(problem);
      const text = String(p.text);
      return (
        needsChat() ??
        deliver({ text: p.parse_mode === "HTML" ? stripHtml(text) : text, ...htmlOf(p, text) })
      );
    }
    case "sendPhoto":
    case "sendDocument": {
      if (p.caption !== undefined) {
        const problem = checkText(p.caption, p.parse_mode, MAX_CAPTION, "message caption");
        if (problem) return bad(problem);
      }
      const field = method === "sendPhoto" ? p.photo : p.document;
      if (field === undefined)
        return bad(`there is no ${method === "sendPhoto" ? "photo" : "document"} in the request`);
      const refused = needsChat();
      if (refused) return refused;
      const upload = isUpload(field) ? field : undefined;
      const fileId = upload ? state.storeFile(upload) : String(field);
      const caption = typeof p.caption === "string" ? { caption: stripHtml(p.caption) } : {};
      if (method === "sendPhoto") {
        return deliver({
          photo: [{ file_id: fileId, file_unique_id: fileId, width: 800, height: 600 }],
          ...caption,
        });
      }
      return deliver({
        document: {
          file_id: fileId,
          file_unique_id: fileId,
          ...(upload
            ? {
                file_name: upload.filename,
                mime_type: upload.mimeType,
                file_size: upload.bytes.length,
              }
            : {}),
        },
        ...caption,
      });
    }
    case "sendLocation":
    case "sendVenue": {
      const latitude = Number(p.latitude);
      const longitude = Number(p.longitude);
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude))
        return bad("wrong coordinates");
      const location = { latitude, longitude };
      if (method === "sendLocation") return needsChat() ?? deliver({ location });
      if (!p.title || !p.address) return bad("venue title and address must be non-empty");
      return (
        needsChat() ??
        deliver({
          location,
          venue: { location, title: String(p.title), address: String(p.address) },
        })
      );
    }
    case "editMessageText":
    case "editMessageCaption":
    case "editMessageReplyMarkup":
      return edit(emulator, method, p, chatId);
    case "deleteMessage": {
      if (!state.delete(chatId, Number(p.message_id))) return bad("message to delete not found");
      emulator.emit("delete", { chatId, messageId: Number(p.message_id) });
      return ok(true);
    }
    default:
      return { ok: false, error_code: 404, description: "Not Found: method not found" };
  }
}

/** Keeps the HTML the bot sent, so the playground can render formatting. */
function htmlOf(p: Params, text: string): Partial<Message> {
  return p.parse_mode === "HTML" ? ({ html: text } as Partial<Message>) : {};
}

function edit(emulator: TelegramEmulator, method: string, p: Params, chatId: number): ApiResponse {
  const message = emulator.state.find(chatId, Number(p.message_id));
  if (!message) return bad("message to edit not found");
  const markupError = checkMarkup(p.reply_markup);
  if (markupError) return bad(markupError);
  const next: Message = { ...message, edit_date: Math.floor(Date.now() / 1000) } as Message;
  if (method === "editMessageText") {
    const problem = checkText(p.text, p.parse_mode, MAX_TEXT, "message text");
    if (problem) return bad(problem);
    const text = String(p.text);
    Object.assign(next, {
      text: p.parse_mode === "HTML" ? stripHtml(text) : text,
      html: p.parse_mode === "HTML" ? text : undefined,
    });
  } else if (method === "editMessageCaption") {
    const caption = typeof p.caption === "string" ? p.caption : "";
    Object.assign(next, { caption: stripHtml(caption) });
  }
  const markup = p.reply_markup as Message["reply_markup"] | undefined;
  if (markup && "inline_keyboard" in markup) next.reply_markup = markup;
  else delete (next as { reply_markup?: unknown }).reply_markup;
  const same =
    (next as { text?: string }).text === (message as { text?: string }).text &&
    (next as { caption?: string }).caption === (message as { caption?: string }).caption &&
    JSON.stringify(next.reply_markup ?? null) === JSON.stringify(message.reply_markup ?? null);
  if (same) {
    return bad(
      "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
  }
  emulator.state.replace(chatId, next);
  emulator.emit("edit", { chatId, message: next });
  return ok(next);
}
