/**
 * The `fetch` grammY's API client calls, on Node's `http`/`https` directly: one request on the
 * keep-alive agent grammY passes, the body written as it comes (a JSON string, or the
 * multipart stream of an upload), the answer read whole and parsed by `json()`. grammY only
 * calls `json()` on what `fetch` returns, and turns a rejection into its `HttpError` (network
 * fault, timeout, abort) — exactly as with its default `node-fetch`, which costs several times
 * more per call (WHATWG Request/Headers/Body objects and stream plumbing around the same
 * request): at a few thousand answers a second that was a tenth of the bot's CPU.
 */
import { type Agent, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** What grammY passes to `fetch`. */
interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Readable | AsyncIterable<Uint8Array>;
  signal?: AbortSignal;
  agent?: Agent;
}

/** What grammY uses of the answer. */
export interface LeanResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error("The request was aborted");
  error.name = "AbortError";
  return error;
}

/** Sends one request; resolves once the whole answer has arrived. */
export function leanFetch(url: string | URL, init: FetchInit = {}): Promise<LeanResponse> {
  return new Promise<LeanResponse>((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const target = typeof url === "string" ? new URL(url) : url;
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const body = init.body;
    const headers: Record<string, string | number> = { ...init.headers };
    if (typeof body === "string") headers["content-length"] = Buffer.byteLength(body);
    const req = send(target, {
      method: init.method ?? "GET",
      headers,
      ...(init.agent ? { agent: init.agent } : {}),
    });
    const onAbort = () => req.destroy(abortError(signal as AbortSignal));
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    req.once("error", (error) => {
      done();
      reject(error);
    });
    req.once("response", (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.once("error", (error) => {
        done();
        reject(error);
      });
      res.once("end", () => {
        done();
        const text = Buffer.concat(chunks).toString("utf8");
        const status = res.statusCode ?? 0;
        resolve({
          ok: status >= 200 && status < 300,
          status,
          json: async () => JSON.parse(text) as unknown,
        });
      });
    });
    if (body === undefined || typeof body === "string") req.end(body);
    else {
      const stream = body instanceof Readable ? body : Readable.from(body);
      pipeline(stream, req).catch((error: unknown) => req.destroy(error as Error));
    }
  });
}
