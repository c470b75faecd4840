/**
 * A thin typed client for the Zalo Bot Platform (a Telegram-like bot API:
 * `<root>/bot<TOKEN>/<method>`). No maintained SDK exists, so this is ours.
 */

/** A Zalo user or chat id: a 20-character hex string. */
export type ZaloId = string;

/** An incoming message. `date` is epoch milliseconds. */
export interface ZaloMessage {
  message_id: string;
  date: number;
  from: { id: ZaloId; display_name?: string; is_bot?: boolean };
  chat: { id: ZaloId; chat_type: "PRIVATE" | "GROUP" };
  text?: string;
  photo_url?: string;
  caption?: string;
  sticker?: string;
}

/** An update, as polled or as posted to a webhook. */
export interface ZaloUpdate {
  event_name:
    | "message.text.received"
    | "message.image.received"
    | "message.sticker.received"
    | "message.unsupported.received"
    | string;
  message: ZaloMessage;
}

/** An error answered by the platform; recognise it by {@link errorCode}. */
export class ZaloApiError extends Error {
  override name = "ZaloApiError";
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
  ) {
    super(`Zalo ${method} failed: ${errorCode} ${description}`);
  }
}

/** The longest text `sendMessage` accepts. */
export const ZALO_MAX_TEXT = 2000;

/** Bodies have been seen both flat and wrapped in `{ok, result}`: accept both. */
export function unwrapUpdate(body: unknown): ZaloUpdate | undefined {
  if (!body || typeof body !== "object") return undefined;
  const inner = "result" in body ? (body as { result: unknown }).result : body;
  if (!inner || typeof inner !== "object") return undefined;
  const update = inner as Partial<ZaloUpdate>;
  if (typeof update.event_name !== "string" || !update.message) return undefined;
  return update as ZaloUpdate;
}

/** The client. */
export class ZaloClient {
  constructor(
    private readonly token: string,
    private readonly apiRoot = "https://bot-api.zaloplatforms.com",
  ) {}

  /** Calls a method; throws {@link ZaloApiError} on `{ok:false}`. */
  async call<T>(
    method: string,
    params: Record<string, unknown> = {},
    signal?: AbortSignal,
  ): Promise<T> {
    const response = await fetch(`${this.apiRoot}/bot${this.token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(params),
      ...(signal ? { signal } : {}),
    });
    const body = (await response.json().catch(() => ({}))) as {
      ok?: boolean;
      result?: unknown;
      error_code?: number;
      description?: string;
    };
    if (body.ok !== true) {
      throw new ZaloApiError(method, body.error_code ?? response.status, body.description ?? "");
    }
    return body.result as T;
  }

  /** The bot itself. */
  getMe(): Promise<{ id: ZaloId; account_name?: string; display_name?: string }> {
    return this.call("getMe");
  }

  /** Waits up to `timeoutSeconds` for ONE update; undefined when none came (408). */
  async getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<ZaloUpdate | undefined> {
    try {
      return unwrapUpdate({
        result: await this.call("getUpdates", { timeout: timeoutSeconds }, signal),
      });
    } catch (error) {
      if (error instanceof ZaloApiError && error.errorCode === 408) return undefined;
      throw error;
    }
  }

  /** Sends text (1–2000 characters). */
  sendMessage(chatId: ZaloId, text: string): Promise<unknown> {
    return this.call("sendMessage", { chat_id: chatId, text });
  }

  /** Shows "typing…". */
  sendChatAction(chatId: ZaloId, action: "typing" = "typing"): Promise<unknown> {
    return this.call("sendChatAction", { chat_id: chatId, action });
  }

  /** Switches to webhook delivery (polling then stops working). */
  setWebhook(url: string, secretToken: string): Promise<unknown> {
    return this.call("setWebhook", { url, secret_token: secretToken });
  }

  /** Back to polling. */
  deleteWebhook(): Promise<unknown> {
    return this.call("deleteWebhook");
  }
}
