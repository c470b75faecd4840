/**
 * What a user's action looks like in an update, as Telegram builds it: entities of commands
 * and mentions, stickers, photos, forwards, documents, and the `my_chat_member` update of a
 * user blocking or unblocking the bot. Pure builders; the emulator stamps and queues them.
 */
import type { Message, Update, User } from "grammy/types";
import type { UploadedFile } from "./request-body.js";
import type { EmulatorUser } from "./types.js";

const COMMAND = /^\/[a-zA-Z0-9_]+(?:@[a-zA-Z0-9_]+)?/;

/** Typed text; a leading command gets a `bot_command` entity. */
export function textContent(text: string): Partial<Message> {
  const command = COMMAND.exec(text);
  return {
    text,
    ...(command
      ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] }
      : {}),
  };
}

/** Text written in a group: a leading command and `@username` mentions get entities. */
export function groupTextContent(text: string, replied: Message | undefined): Partial<Message> {
  const entities = [
    ...text.matchAll(/@[A-Za-z0-9_]{5,32}|^\/[a-zA-Z0-9_]+(?:@[a-zA-Z0-9_]+)?/g),
  ].map((match) => ({
    type: match[0].startsWith("/") ? ("bot_command" as const) : ("mention" as const),
    offset: match.index ?? 0,
    length: match[0].length,
  }));
  return {
    text,
    ...(entities.length > 0 ? { entities } : {}),
    ...(replied ? { reply_to_message: replied as Message["reply_to_message"] } : {}),
  } as Partial<Message>;
}

/** A sticker; `serial` keeps file ids unique. */
export function stickerContent(serial: number): Partial<Message> {
  return {
    sticker: {
      file_id: `sticker-${serial}`,
      file_unique_id: `s${serial}`,
      type: "regular",
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji: "🙂",
    },
  };
}

/** A photo (no bytes: the bot only sees its file id) with an optional caption. */
export function photoContent(serial: number, caption?: string): Partial<Message> {
  const photo = [{ file_id: `photo-${serial}`, file_unique_id: "p", width: 90, height: 90 }];
  return { photo, ...(caption ? { caption } : {}) };
}

/** A message forwarded from `fromUser`. */
export function forwardContent(fromUser: EmulatorUser, text: string): Partial<Message> {
  return {
    text,
    forward_origin: {
      type: "user",
      date: Math.floor(Date.now() / 1000),
      sender_user: { ...fromUser, is_bot: false },
    },
  };
}

/** A document stored under `fileId`. */
export function documentContent(
  fileId: string,
  file: UploadedFile,
  caption?: string,
): Partial<Message> {
  return {
    document: {
      file_id: fileId,
      file_unique_id: fileId,
      file_name: file.filename,
      mime_type: file.mimeType,
      file_size: file.bytes.length,
    },
    ...(caption ? { caption } : {}),
  };
}

/** The `my_chat_member` update Telegram sends when `from` blocks (`kicked`) or unblocks the bot. */
export function botStatusUpdate(from: User, token: string, status: "kicked" | "member"): Update {
  const bot = { id: Number(token.split(":")[0]) || 1, is_bot: true, first_name: "Loa" };
  const date = Math.floor(Date.now() / 1000);
  const member = { status: "member", user: bot };
  const kicked = { status: "kicked", user: bot, until_date: 0 };
  return {
    update_id: 0,
    my_chat_member: {
      chat: { id: from.id, type: "private", first_name: from.first_name },
      from,
      date,
      old_chat_member: status === "kicked" ? member : kicked,
      new_chat_member: status === "member" ? member : kicked,
    },
  } as Update;
}
