/**
 * A loopback Telegram Bot API emulator on plain `node:http`: long-polled `getUpdates` with
 * Telegram's offset semantics, message methods validated like Telegram, every call recorded,
 * faults and rate limits on demand. Used by end-to-end tests, the playground and benches.
 */
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Message, Update, UserFromGetMe } from "grammy/types";
import { ChatState } from "./chat-state.js";
import { CommandMenus, type MenuCommand } from "./command-menus.js";
import { FaultBook, RateLimits } from "./faults.js";
import { type Params, readParams, type UploadedFile } from "./request-body.js";
import { handleMethod } from "./methods.js";
import { GET_UPDATES_CONFLICT, UpdateQueue } from "./update-queue.js";
import {
  botStatusUpdate,
  documentContent,
  forwardContent,
  groupTextContent,
  photoContent,
  stickerContent,
  textContent,
} from "./user-messages.js";
import { waitForEvent } from "./wait-for.js";
import type {
  ApiResponse,
  EmulatorEvents,
  EmulatorLimits,
  EmulatorUser,
  Fault,
  RecordedCall,
} from "./types.js";

/** Options for {@link TelegramEmulator}. */
export interface EmulatorOptions {
  token?: string;
  botUser?: { id: number; first_name: string; username: string };
  limits?: EmulatorLimits;
  /** Keep every call in {@link TelegramEmulator.calls}; benches turn it off. Default true. */
  recordCalls?: boolean;
}

/** The emulator. */
export class TelegramEmulator extends EventEmitter<EmulatorEvents> {
  readonly token: string;
  readonly botUser: UserFromGetMe;
  /** Every call, oldest first (unless `recordCalls` is false). */
  readonly calls: RecordedCall[] = [];
  private readonly commandMenus = new CommandMenus();
  /** Chats, users, messages and files. */
  readonly state = new ChatState();
  readonly faults = new FaultBook();
  readonly limits: RateLimits;
  private readonly recordCalls: boolean;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Updates on their way to the bot (getUpdates or webhook). */
  private readonly queue = new UpdateQueue();
  private callbackCounter = 0;
  private counters = { sent: 0, rejected429: 0, perMethod: {} as Record<string, number> };
  private root = "";

  constructor(options: EmulatorOptions = {}) {
    super();
    this.setMaxListeners(0);
    this.token = options.token ?? "123456:EMULATOR";
    const bot = options.botUser ?? { id: 777000001, first_name: "Loa", username: "loa_bot" };
    this.botUser = {
      ...bot,
      is_bot: true,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    } as UserFromGetMe;
    this.limits = new RateLimits(options.limits);
    this.recordCalls = options.recordCalls ?? true;
  }

  /** The API root to give the bot, e.g. `http://127.0.0.1:PORT`. */
  get apiRoot(): string {
    return this.root;
  }

  /** Starts listening; resolves with the API root. */
  async start(port = 0, host = "127.0.0.1"): Promise<string> {
    const server = createServer((req, res) => void this.route(req, res));
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    this.server = server;
    const address = server.address();
    const actualPort = typeof address === "object" && address ? address.port : port;
    this.root = `http://${host}:${actualPort}`;
    this.queue.start();
    return this.root;
  }

  /** Answers pending long polls, closes every socket and the server. */
  async stop(): Promise<void> {
    this.queue.stop();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  // ---- user side -------------------------------------------------------------------------

  /** Registers a user; their private chat id is their user id. */
  addUser(user: EmulatorUser): void {
    this.state.addUser(user);
  }

  /** The user types `text`. Commands get a `bot_command` entity like Telegram's. */
  sendText(userId: number, text: string): Update {
    return this.userMessage(userId, textContent(text));
  }

  /** Remembers a command menu (setMyCommands); `commands` undefined deletes it. */
  setCommands(scope: unknown, languageCode: unknown, commands: unknown): void {
    this.commandMenus.set(scope, languageCode, commands);
  }

  /** The command menu a user sees, as Telegram picks it: their chat's scope, then the default. */
  commandsFor(chatId: number, languageCode = ""): MenuCommand[] {
    return this.commandMenus.for(chatId, languageCode);
  }

  /** The user replies (Telegram's "Reply") to message `replyToMessageId` of their chat with `text`. */
  replyText(userId: number, replyToMessageId: number, text: string): Update {
    const original = this.state.find(userId, replyToMessageId);
    return this.userMessage(userId, {
      text,
      ...(original
        ? { reply_to_message: original as NonNullable<Message["reply_to_message"]> }
        : {}),
    });
  }

  /** Creates a group chat the bot is in (ids are negative, as on Telegram). */
  addGroup(groupId: number, title = `Group ${groupId}`): void {
    this.state.addGroup(groupId, title);
  }

  /**
   * `userId` writes `text` in the group `groupId`, optionally as a reply to message
   * `replyTo` of that group. `@username` mentions get a `mention` entity like Telegram's.
   */
  sendGroupText(groupId: number, userId: number, text: string, replyTo?: number): Update {
    const replied = replyTo !== undefined ? this.state.find(groupId, replyTo) : undefined;
    const message = this.state.groupMessage(groupId, userId, groupTextContent(text, replied));
    this.emit("message", { chatId: groupId, message, fromBot: false });
    return this.enqueue({ update_id: 0, message } as Update);
  }

  /** `userId` presses an inline button under the bot's message `messageId` in group `groupId`. */
  pressGroupButton(groupId: number, userId: number, messageId: number, data: string): Update {
    return this.press(groupId, userId, messageId, data);
  }

  /** The user sends a sticker. */
  sendSticker(userId: number): Update {
    return this.userMessage(userId, stickerContent(this.queue.nextUpdateId));
  }

  /** The user sends a photo. */
  sendPhoto(userId: number, caption?: string): Update {
    return this.userMessage(userId, photoContent(this.queue.nextUpdateId, caption));
  }

  /** The user shares a map location. */
  sendLocation(userId: number, latitude: number, longitude: number): Update {
    return this.userMessage(userId, { location: { latitude, longitude } });
  }

  /** The user forwards a message written by `fromUser`. */
  forwardMessageFrom(userId: number, fromUser: EmulatorUser, text: string): Update {
    return this.userMessage(userId, forwardContent(fromUser, text));
  }

  /** The user sends a document (e.g. a backup file to import). */
  sendDocument(userId: number, file: UploadedFile, caption?: string): Update {
    return this.userMessage(userId, documentContent(this.state.storeFile(file), file, caption));
  }

  /** The user presses an inline button under the bot's message `messageId`. */
  pressButton(userId: number, messageId: number, callbackData: string): Update {
    this.limits.noteUserMessage(userId);
    return this.press(userId, userId, messageId, callbackData);
  }

  /** `userId` presses a button under message `messageId` of chat `chatId`. */
  private press(chatId: number, userId: number, messageId: number, data: string): Update {
    const from = this.state.userOf(userId);
    const message = this.state.find(chatId, messageId);
    this.callbackCounter++;
    return this.enqueue({
      update_id: 0,
      callback_query: {
        id: `cq${this.callbackCounter}`,
        from,
        chat_instance: `ci${chatId}`,
        data,
        ...(message ? { message } : {}),
      },
    });
  }

  /**
   * Delivers an update again with its original `update_id`, as Telegram does when it believes
   * the bot did not get it (an unacknowledged poll, a webhook call that timed out).
   */
  redeliver(update: Update): void {
    this.emit("update", update);
    this.queue.redeliver(update);
  }

  /** Makes every send to this user fail with 403 "bot was blocked by the user". */
  blockUser(userId: number): void {
    this.state.blocked.set(userId, "Forbidden: bot was blocked by the user");
  }

  /**
   * The user blocks the bot in their app (`kicked`) or unblocks it (`member`): sends fail with
   * 403 while blocked, and the bot gets a `my_chat_member` update as from Telegram.
   */
  userSetsBotStatus(userId: number, status: "kicked" | "member"): Update {
    if (status === "kicked") this.blockUser(userId);
    else this.unblockUser(userId);
    return this.enqueue(botStatusUpdate(this.state.userOf(userId), this.token, status));
  }

  /** Lifts {@link blockUser} / {@link deactivateUser}. */
  unblockUser(userId: number): void {
    this.state.blocked.delete(userId);
  }

  /** Makes every send to this user fail with 403 "user is deactivated". */
  deactivateUser(userId: number): void {
    this.state.blocked.set(userId, "Forbidden: user is deactivated");
  }

  /** Injects a failure into the next matching call(s). */
  injectFault(fault: Fault): void {
    this.faults.add(fault);
  }

  // ---- webhook delivery ------------------------------------------------------------------

  /** The URL set with `setWebhook`, if any. */
  get webhookUrl(): string | undefined {
    return this.queue.webhookUrl;
  }

  /** Webhook posts answered with something other than 2xx (or not answered). */
  get webhookFailures(): number {
    return this.queue.webhookFailures;
  }

  /**
   * `setWebhook`: from now on updates are POSTed to `url` (with the secret header), like
   * Telegram: each until it gets a 2xx, retried with a growing pause; one chat's updates one at
   * a time and in order, up to `maxConnections` chats at once. `getUpdates` answers 409.
   */
  setWebhook(url: string, secret: string | undefined, maxConnections = 40): void {
    this.queue.setWebhook(url, secret, maxConnections);
  }

  /** `deleteWebhook`: back to `getUpdates`. */
  deleteWebhook(): ApiResponse {
    this.queue.deleteWebhook();
    return { ok: true, result: true };
  }

  // ---- inspection ------------------------------------------------------------------------

  /** Messages of a chat (user's and bot's), edits applied, deleted ones removed. */
  messages(chatId: number): Message[] {
    return this.state.messages(chatId);
  }

  /** The bot's latest message in a chat. */
  lastBotMessage(chatId: number): Message | undefined {
    return this.state.messages(chatId).findLast((m) => m.from?.id === this.botUser.id);
  }

  /** Bytes of a file the bot sent (by file_id). */
  file(fileId: string): UploadedFile | undefined {
    return this.state.file(fileId);
  }

  /** Updates not yet acknowledged by the bot. */
  pendingUpdates(): number {
    return this.queue.pending;
  }

  /** The highest update id the bot has acknowledged. */
  get acknowledgedUpdateId(): number {
    return this.queue.acknowledged;
  }

  /** Counters for benches. */
  stats(): { sent: number; rejected429: number; perMethod: Record<string, number> } {
    return { ...this.counters, perMethod: { ...this.counters.perMethod } };
  }

  /** How many messages were delivered to a chat (for lost/duplicate counts). */
  deliveredCount(chatId: number): number {
    return this.state.delivered.get(chatId) ?? 0;
  }

  /** Forgets recorded calls. */
  clearCalls(): void {
    this.calls.length = 0;
  }

  /** Resolves with the next bot message in `chatId` (matching `predicate`) sent after this call. */
  waitForBotMessage(
    chatId: number,
    predicate: (message: Message) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Message> {
    return this.waitFor("message", timeoutMs, `a bot message in chat ${chatId}`, (event) =>
      event.fromBot && event.chatId === chatId && predicate(event.message)
        ? event.message
        : undefined,
    );
  }

  /** Resolves with the next edit of a bot message in `chatId` (matching `predicate`), as edited. */
  waitForBotEdit(
    chatId: number,
    predicate: (message: Message) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Message> {
    return this.waitFor("edit", timeoutMs, `an edited bot message in chat ${chatId}`, (event) =>
      event.chatId === chatId && predicate(event.message) ? event.message : undefined,
    );
  }

  /** Resolves with the next recorded call of `method` (matching `predicate`). */
  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    return this.waitFor("call", timeoutMs, `a ${method} call`, (call) =>
      call.method === method && predicate(call) ? call : undefined,
    );
  }

  private waitFor<K extends "message" | "call" | "edit", R>(
    event: K,
    timeoutMs: number,
    what: string,
    pick: (...args: EmulatorEvents[K]) => R | undefined,
  ): Promise<R> {
    return waitForEvent(this, this.calls, event, timeoutMs, what, pick);
  }

  // ---- server side -----------------------------------------------------------------------

  private userMessage(userId: number, content: Partial<Message>): Update {
    const message = this.state.userMessage(userId, content);
    this.limits.noteUserMessage(userId);
    this.emit("message", { chatId: userId, message, fromBot: false });
    return this.enqueue({ update_id: 0, message } as Update);
  }

  private enqueue(update: Update): Update {
    const stamped = this.queue.enqueue(update);
    this.emit("update", stamped);
    return stamped;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    // File downloads, as Telegram serves them: /file/bot<token>/<file_path>; file_path is the id.
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) {
      const file = download[1] === this.token ? this.state.file(download[2] ?? "") : undefined;
      res.writeHead(file ? 200 : 404, {
        "content-type": file?.mimeType ?? "text/plain",
      });
      res.end(file ? file.bytes : "Not Found");
      return;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const send = (status: number, body: ApiResponse) => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (!match || match[1] !== this.token) {
      send(match ? 401 : 404, {
        ok: false,
        error_code: match ? 401 : 404,
        description: match ? "Unauthorized" : "Not Found",
      });
      return;
    }
    const method = match[2] ?? "";
    let params: Params;
    try {
      params = await readParams(req, url);
    } catch {
      send(400, { ok: false, error_code: 400, description: "Bad Request: invalid request body" });
      return;
    }
    const fault =
      this.faults.take(method, params) ??
      (method === "getUpdates" && this.queue.pushing ? GET_UPDATES_CONFLICT : undefined);
    if (method === "getUpdates" && !fault) {
      this.queue.longPoll(params, res, (updates) => send(200, { ok: true, result: updates }));
      return;
    }
    if (fault === "network") {
      req.socket.destroy();
      return;
    }
    const response =
      fault ?? this.limits.check(method, params) ?? handleMethod(this, method, params);
    if (!response.ok && response.error_code === 429) this.counters.rejected429++;
    if (response.ok && /^send/.test(method) && method !== "sendChatAction") this.counters.sent++;
    this.counters.perMethod[method] = (this.counters.perMethod[method] ?? 0) + 1;
    const call: RecordedCall = { method, payload: params, at: Date.now(), response };
    if (this.recordCalls) this.calls.push(call);
    this.emit("call", call);
    send(response.ok ? 200 : response.error_code, response);
  }
}
