/**
 * The emulator's updates on their way to the bot, with Telegram's delivery rules: long-polled
 * `getUpdates` where an offset acknowledges every update before it, updates delivered again
 * on purpose (`redeliver`), or a webhook that gets each update POSTed until it answers 2xx —
 * one chat's updates one at a time and in order, up to `maxConnections` chats at once.
 */
import type { ServerResponse } from "node:http";
import type { Update } from "grammy/types";
import type { Params } from "./request-body.js";
import type { ApiResponse } from "./types.js";

interface Poll {
  offset: number;
  limit: number;
  respond: (updates: Update[]) => void;
}

interface Webhook {
  url: string;
  secret: string | undefined;
  maxConnections: number;
}

/** What `getUpdates` answers while a webhook is set. */
export const GET_UPDATES_CONFLICT: ApiResponse = {
  ok: false,
  error_code: 409,
  description:
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
};

/** Pending updates and how they reach the bot. */
export class UpdateQueue {
  private updates: Update[] = [];
  /** Updates handed out again whatever the offset (see {@link redeliver}). */
  private redelivered: Update[] = [];
  private nextId = 1;
  private acknowledgedId = 0;
  private polls: Poll[] = [];
  private webhook: Webhook | undefined;
  /** Update ids being posted to the webhook, and the chats they belong to. */
  private posting = new Map<number, string>();
  private retryTimer: NodeJS.Timeout | undefined;
  /** False while the emulator's server is down: nothing is posted. */
  private running = false;
  /** Webhook posts answered with something other than 2xx (or not answered). */
  webhookFailures = 0;

  /** The id the next update will get (also used for unique file ids). */
  get nextUpdateId(): number {
    return this.nextId;
  }

  /** The highest update id the bot has acknowledged. */
  get acknowledged(): number {
    return this.acknowledgedId;
  }

  /** Updates not yet acknowledged by the bot. */
  get pending(): number {
    return this.updates.length;
  }

  /** The URL set with `setWebhook`, if any. */
  get webhookUrl(): string | undefined {
    return this.webhook?.url;
  }

  /** True while a webhook is set (`getUpdates` then answers 409). */
  get pushing(): boolean {
    return this.webhook !== undefined;
  }

  /** The server is up: start posting to a webhook, if one is set. */
  start(): void {
    this.running = true;
    this.pump();
  }

  /** The server goes down: pending long polls get no updates, retries stop. */
  stop(): void {
    this.running = false;
    for (const poll of this.polls.splice(0)) poll.respond([]);
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Gives `update` the next id, queues it and hands it to a waiting poll or the webhook. */
  enqueue(update: Update): Update {
    const stamped = { ...update, update_id: this.nextId++ } as Update;
    this.updates.push(stamped);
    if (this.webhook) {
      this.pump();
      return stamped;
    }
    this.answerPolls();
    return stamped;
  }

  /** Delivers `update` again with its original id, as Telegram does when unsure it arrived. */
  redeliver(update: Update): void {
    if (this.webhook) {
      this.updates.unshift(update);
      this.pump();
      return;
    }
    this.redelivered.push(update);
    this.answerPolls();
  }

  /** `setWebhook`: updates are POSTed to `url` from now on. */
  setWebhook(url: string, secret: string | undefined, maxConnections: number): void {
    this.webhook = { url, secret, maxConnections };
    for (const poll of this.polls.splice(0)) poll.respond([]);
    this.pump();
  }

  /** `deleteWebhook`: back to `getUpdates`. */
  deleteWebhook(): void {
    this.webhook = undefined;
  }

  /** `getUpdates`: answers at once when updates are ready, else holds the request up to `timeout`. */
  longPoll(params: Params, res: ServerResponse, respond: (updates: Update[]) => void): void {
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeout = Math.min(50, Math.max(0, Number(params.timeout ?? 0)));
    const ready = this.take(offset, limit);
    if (ready.length > 0 || timeout === 0 || !this.running) {
      respond(ready);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const poll: Poll = {
      offset,
      limit,
      respond: (updates) => {
        clearTimeout(timer);
        this.polls = this.polls.filter((p) => p !== poll);
        respond(updates);
      },
    };
    timer = setTimeout(() => poll.respond([]), timeout * 1000);
    // The bot gave up (stopped or timed out): forget the poll.
    res.once("close", () => {
      clearTimeout(timer);
      this.polls = this.polls.filter((p) => p !== poll);
    });
    this.polls.push(poll);
  }

  private answerPolls(): void {
    for (const poll of this.polls.splice(0)) poll.respond(this.take(poll.offset, poll.limit));
  }

  private take(offset: number, limit: number): Update[] {
    if (offset > 0) {
      // Telegram: an offset acknowledges every update before it.
      this.acknowledgedId = Math.max(this.acknowledgedId, offset - 1);
      this.updates = this.updates.filter((u) => u.update_id >= offset);
    }
    const again = this.redelivered.splice(0, limit);
    return [...again, ...this.updates.slice(0, limit - again.length)];
  }

  private chatKeyOf(update: Update): string {
    const chat = update.message?.chat.id ?? update.callback_query?.from.id;
    return chat === undefined ? `u${update.update_id}` : String(chat);
  }

  private pump(): void {
    const hook = this.webhook;
    if (!hook || !this.running) return;
    const busy = new Set(this.posting.values());
    for (const update of this.updates) {
      if (this.posting.size >= hook.maxConnections) break;
      if (this.posting.has(update.update_id)) continue;
      const chat = this.chatKeyOf(update);
      if (busy.has(chat)) continue;
      busy.add(chat);
      this.posting.set(update.update_id, chat);
      void this.post(hook, update);
    }
  }

  private async post(hook: Webhook, update: Update): Promise<void> {
    let delivered = false;
    try {
      const response = await fetch(hook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(hook.secret ? { "x-telegram-bot-api-secret-token": hook.secret } : {}),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(60_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      delivered = response.status >= 200 && response.status < 300;
    } catch {
      delivered = false;
    }
    this.posting.delete(update.update_id);
    if (delivered) {
      this.updates = this.updates.filter((u) => u !== update);
      this.acknowledgedId = Math.max(this.acknowledgedId, update.update_id);
      this.pump();
      return;
    }
    this.webhookFailures++;
    if (!this.updates.includes(update)) this.updates.unshift(update);
    // Telegram retries after a pause; the next pump picks it up again (first, by id order).
    this.updates.sort((a, b) => a.update_id - b.update_id);
    if (!this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.pump();
      }, 200);
    }
  }
}
