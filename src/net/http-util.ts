/** Small pieces shared by the HTTP servers (Telegram and Zalo webhooks, operations). */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";

/** Telegram's and Zalo's updates are small: 1 MB is generous. */
export const MAX_WEBHOOK_BODY = 1024 * 1024;

/** Constant-time comparison of a secret header; refuses missing or different lengths. */
export function secretMatches(expected: string, received: string | string[] | undefined): boolean {
  if (typeof received !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a body could not be read. */
export type BodyProblem = "too_large" | "aborted";

/**
 * Reads a request body up to `maxBytes`: a declared or actual size over it stops reading at
 * once (the caller answers 413), so a huge POST never sits in memory.
 */
export function readBody(
  req: IncomingMessage,
  maxBytes = MAX_WEBHOOK_BODY,
): Promise<{ ok: true; body: Buffer } | { ok: false; problem: BodyProblem }> {
  return new Promise((resolve) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > maxBytes) {
      req.resume();
      resolve({ ok: false, problem: "too_large" });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        settled = true;
        chunks.length = 0;
        req.resume();
        resolve({ ok: false, problem: "too_large" });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (settled) return;
      settled = true;
      resolve({ ok: true, body: Buffer.concat(chunks) });
    });
    req.on("error", () => {
      if (settled) return;
      settled = true;
      resolve({ ok: false, problem: "aborted" });
    });
  });
}

/** A server listening on a port: where, and how to stop it (open requests finish). */
export interface Listening {
  /** `http://host:port` it listens on. */
  origin: string;
  stop(): Promise<void>;
}

/** Starts `server` on `port` (0: any free port) and `host` (default all interfaces). */
export async function listen(server: Server, port: number, host = "0.0.0.0"): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return {
    origin: `http://${host}:${bound}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
