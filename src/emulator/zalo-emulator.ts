/**
 * A loopback Zalo Bot Platform emulator: single-update `getUpdates` (408 when empty), the
 * 2000-character limit, 401/429 injection, and webhook delivery with the secret header
 * (flat or wrapped bodies, duplicates on demand).
 */
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { ZaloMessage, ZaloUpdate } from "../zalo/client.js";

/** What the bot sent. */
export interface ZaloSent {
  chatId: string;
  text: string;
  at: number;
}

/** Webhook delivery settings. */
export interface ZaloWebhookTarget {
  url: string;
  secret: string | undefined;
  /** Wrap bodies as `{ok, result}` instead of flat. */
  wrapped?: boolean;
}

/** A fresh 20-character hex id, like Zalo's. */
export function zaloId(): string {
  return randomBytes(10).toString("hex");
}

/** The emulator. */
export class ZaloEmulator extends EventEmitter<{ sent: [ZaloSent] }> {
  readonly sent: ZaloSent[] = [];
  private queue: ZaloUpdate[] = [];
  private waiting: Array<(update: ZaloUpdate | undefined) => void> = [];
  private faults: Array<{ code: 401 | 429 | 500; left: number }> = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private root = "";
  private counter = 0;
  /** When set, updates are POSTed there instead of queued for polling. */
  webhook: ZaloWebhookTarget | undefined;

  constructor(readonly token = "1234567890:zalo-secret") {
    super();
    this.setMaxListeners(0);
  }

  /** API root for the client. */
  get apiRoot(): string {
    return this.root;
  }

  /** Starts listening on loopback. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on(
        "end",
        () => void this.route(req.url ?? "", Buffer.concat(chunks).toString("utf8"), res),
      );
    });
    server.on("connection", (s) => {
      this.sockets.add(s);
      s.once("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    const address = server.address();
    this.root = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    return this.root;
  }

  /** Stops, answering pending polls with nothing. */
  async stop(): Promise<void> {
    for (const wake of this.waiting.splice(0)) wake(undefined);
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  /** The next `times` calls fail with `code`. */
  injectError(code: 401 | 429 | 500, times = 1): void {
    this.faults.push({ code, left: times });
  }

  private message(userId: string, extra: Partial<ZaloMessage>): ZaloMessage {
    this.counter++;
    return {
      message_id: `m${this.counter}${zaloId().slice(0, 6)}`,
      date: Date.now(),
      from: { id: userId, display_name: `User ${userId.slice(0, 4)}`, is_bot: false },
      chat: { id: userId, chat_type: "PRIVATE" },
      ...extra,
    };
  }

  /** The user types text. */
  sendText(userId: string, text: string, times = 1): Promise<ZaloUpdate> {
    return this.deliver(
      { event_name: "message.text.received", message: this.message(userId, { text }) },
      times,
    );
  }

  /** The user sends a photo. */
  sendImage(userId: string): Promise<ZaloUpdate> {
    return this.deliver({
      event_name: "message.image.received",
      message: this.message(userId, { photo_url: "https://example.invalid/p.jpg" }),
    });
  }

  /** The user sends a sticker. */
  sendSticker(userId: string): Promise<ZaloUpdate> {
    return this.deliver({
      event_name: "message.sticker.received",
      message: this.message(userId, { sticker: "s1" }),
    });
  }

  /** Something Zalo cannot describe (no content at all). */
  sendUnsupported(userId: string): Promise<ZaloUpdate> {
    return this.deliver({
      event_name: "message.unsupported.received",
      message: this.message(userId, {}),
    });
  }

  /** Queues (polling) or POSTs (webhook) an update, `times` times (duplicates on demand). */
  async deliver(update: ZaloUpdate, times = 1): Promise<ZaloUpdate> {
    for (let i = 0; i < times; i++) {
      if (this.webhook) {
        await this.post(update, this.webhook.secret);
        continue;
      }
      const wake = this.waiting.shift();
      if (wake) wake(update);
      else this.queue.push(update);
    }
    return update;
  }

  /** POSTs an update to the webhook with the given secret header; returns the HTTP status. */
  async post(update: ZaloUpdate, secret: string | undefined): Promise<number> {
    const target = this.webhook;
    if (!target) throw new Error("no webhook set");
    const body = target.wrapped ? { ok: true, result: update } : update;
    const response = await fetch(target.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret !== undefined ? { "x-bot-api-secret-token": secret } : {}),
      },
      body: JSON.stringify(body),
    });
    return response.status;
  }

  /** Resolves with the next message the bot sends to `chatId`. */
  waitForBotMessage(
    chatId: string,
    predicate: (text: string) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<string> {
    return new Promise((resolve, reject) => {
      const listener = (sent: ZaloSent) => {
        if (sent.chatId !== chatId || !predicate(sent.text)) return;
        clearTimeout(timer);
        this.off("sent", listener);
        resolve(sent.text);
      };
      const timer = setTimeout(() => {
        this.off("sent", listener);
        reject(new Error(`no Zalo message to ${chatId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on("sent", listener);
    });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  private fail(res: ServerResponse, code: number, description: string): void {
    this.json(res, code, { ok: false, error_code: code, description });
  }

  private async route(url: string, raw: string, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url);
    if (!match || match[1] !== this.token) return this.fail(res, 401, "Unauthorized");
    const fault = this.faults[0];
    if (fault) {
      fault.left--;
      if (fault.left <= 0) this.faults.shift();
      return this.fail(
        res,
        fault.code,
        fault.code === 429
          ? "Too Many Requests"
          : fault.code === 500
            ? "Internal Server Error"
            : "Unauthorized",
      );
    }
    let params: Record<string, unknown> = {};
    try {
      params = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return this.fail(res, 400, "Bad Request");
    }
    switch (match[2]) {
      case "getMe":
        return this.json(res, 200, {
          ok: true,
          result: { id: "b0b0b0b0b0b0b0b0b0b0", display_name: "Loa" },
        });
      case "setWebhook":
      case "deleteWebhook":
      case "sendChatAction":
        return this.json(res, 200, { ok: true, result: true });
      case "getUpdates": {
        if (this.webhook) return this.fail(res, 400, "Webhook is set");
        const ready = this.queue.shift();
        if (ready) return this.json(res, 200, { ok: true, result: ready });
        const timeout = Math.min(30, Number(params.timeout ?? 0)) * 1000;
        const update = await new Promise<ZaloUpdate | undefined>((resolve) => {
          const timer = setTimeout(() => {
            this.waiting = this.waiting.filter((w) => w !== wake);
            resolve(undefined);
          }, timeout);
          const wake = (u: ZaloUpdate | undefined) => {
            clearTimeout(timer);
            resolve(u);
          };
          this.waiting.push(wake);
          res.once("close", () => {
            clearTimeout(timer);
            this.waiting = this.waiting.filter((w) => w !== wake);
          });
        });
        if (update) return this.json(res, 200, { ok: true, result: update });
        return this.fail(res, 408, "Request Timeout");
      }
      case "sendMessage": {
        const text = typeof params.text === "string" ? params.text : "";
        if (text.length < 1 || text.length > 2000)
          return this.fail(res, 400, "text must be 1-2000 characters");
        const sent = { chatId: String(params.chat_id), text, at: Date.now() };
        this.sent.push(sent);
        this.emit("sent", sent);
        return this.json(res, 200, { ok: true, result: { message_id: zaloId(), date: sent.at } });
      }
      default:
        return this.fail(res, 404, "Not Found");
    }
  }
}
