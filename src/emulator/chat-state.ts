/** Chats, users, messages and files held by the emulator. O(1) per message operation. */
import { randomUUID } from "node:crypto";
import type { Message, User } from "grammy/types";
import type { UploadedFile } from "./request-body.js";
import type { EmulatorUser } from "./types.js";

interface Chat {
  user: User;
  /** Set for a group chat (negative id); `user` is then unused. */
  title?: string;
  nextMessageId: number;
  messages: Map<number, Message>;
}

/** The emulator's memory. */
export class ChatState {
  private readonly chats = new Map<number, Chat>();
  private readonly files = new Map<string, UploadedFile>();
  /** Users who blocked the bot or are deactivated, with Telegram's 403 description. */
  readonly blocked = new Map<number, string>();
  /** Messages delivered per chat. */
  readonly delivered = new Map<number, number>();

  /** Registers (or updates) a user and their private chat. */
  addUser(user: EmulatorUser): void {
    const existing = this.chats.get(user.id);
    const asUser: User = { ...user, is_bot: false };
    if (existing) existing.user = asUser;
    else this.chats.set(user.id, { user: asUser, nextMessageId: 1, messages: new Map() });
  }

  /** Registers a group chat (ids are negative, as on Telegram). */
  addGroup(groupId: number, title: string): void {
    if (this.chats.has(groupId)) return;
    this.chats.set(groupId, {
      user: { id: groupId, is_bot: false, first_name: title },
      title,
      nextMessageId: 1,
      messages: new Map(),
    });
  }

  /** A message typed by `userId` in the group `groupId`. */
  groupMessage(groupId: number, userId: number, content: Partial<Message>): Message {
    const chat = this.chat(groupId);
    const message = { ...this.base(groupId, this.userOf(userId)), ...content } as Message;
    chat.messages.set(message.message_id, message);
    return message;
  }

  /** True when the chat exists. */
  has(chatId: number): boolean {
    return this.chats.has(chatId);
  }

  /** The user of a private chat (auto-registered when unknown). */
  userOf(userId: number): User {
    if (!this.chats.has(userId)) this.addUser({ id: userId, first_name: `User ${userId}` });
    return (this.chats.get(userId) as Chat).user;
  }

  private chat(chatId: number): Chat {
    this.userOf(chatId);
    return this.chats.get(chatId) as Chat;
  }

  private base(chatId: number, from: User): Message {
    const chat = this.chat(chatId);
    const user = chat.user;
    if (chat.title !== undefined) {
      return {
        message_id: chat.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "group", title: chat.title },
        from,
      } as Message;
    }
    return {
      message_id: chat.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: {
        id: chatId,
        type: "private",
        first_name: user.first_name,
        ...(user.username ? { username: user.username } : {}),
      },
      from,
    } as Message;
  }

  /** A message typed by the user. */
  userMessage(userId: number, content: Partial<Message>): Message {
    const chat = this.chat(userId);
    const message = { ...this.base(userId, chat.user), ...content } as Message;
    chat.messages.set(message.message_id, message);
    return message;
  }

  /** A message sent by the bot. */
  botMessage(chatId: number, bot: User, content: Partial<Message>): Message {
    const message = { ...this.base(chatId, bot), ...content } as Message;
    this.chat(chatId).messages.set(message.message_id, message);
    this.delivered.set(chatId, (this.delivered.get(chatId) ?? 0) + 1);
    return message;
  }

  /** A message by id. */
  find(chatId: number, messageId: number): Message | undefined {
    return this.chats.get(chatId)?.messages.get(messageId);
  }

  /** Replaces a message (after an edit). */
  replace(chatId: number, message: Message): void {
    this.chats.get(chatId)?.messages.set(message.message_id, message);
  }

  /** Removes a message; false when it did not exist. */
  delete(chatId: number, messageId: number): boolean {
    return this.chats.get(chatId)?.messages.delete(messageId) ?? false;
  }

  /** Messages of a chat in order. */
  messages(chatId: number): Message[] {
    return [...(this.chats.get(chatId)?.messages.values() ?? [])];
  }

  /** Keeps an uploaded file; returns its file_id. */
  storeFile(file: UploadedFile): string {
    const id = `file-${randomUUID()}`;
    this.files.set(id, file);
    return id;
  }

  /** An uploaded file by id. */
  file(fileId: string): UploadedFile | undefined {
    return this.files.get(fileId);
  }
}
