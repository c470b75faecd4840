/** Small helpers for the playground's plain node:http server. */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join } from "node:path";

/** A request the client got wrong; answered with 400 and the message. */
export class BadRequest extends Error {
  override name = "BadRequest";
}

/** Sends `body` as JSON. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": bytes.length,
    "cache-control": "no-store",
  });
  response.end(bytes);
}

/** Reads a JSON object body of at most `limit` bytes. */
export async function readJsonBody(
  request: IncomingMessage,
  limit = 64 * 1024,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BadRequest("body too large");
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new BadRequest("body is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new BadRequest("body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
};

/**
 * Serves one file of the static directory. Only flat names like `app.js` are allowed, so a
 * request can never reach outside `dir`. Returns false when there is no such file.
 */
export async function serveStatic(
  response: ServerResponse,
  dir: string,
  name: string,
): Promise<boolean> {
  const type = CONTENT_TYPES[extname(name)];
  if (!type || !/^[a-z0-9-]+\.[a-z]+$/.test(name)) return false;
  let body: Buffer;
  try {
    body = await readFile(join(dir, name));
  } catch {
    return false;
  }
  response.writeHead(200, {
    "content-type": type,
    "content-length": body.length,
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
  });
  response.end(body);
  return true;
}

/** A positive or negative integer from a path segment or JSON field, or a {@link BadRequest}. */
export function toInteger(value: unknown, field: string): number {
  const number = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isSafeInteger(number)) {
    throw new BadRequest(`${field} must be an integer`);
  }
  return number;
}

/** A non-empty string field, or a {@link BadRequest}. */
export function toText(value: unknown, field: string, maxLength = 4096): string {
  if (typeof value !== "string" || value.trim() === "" || value.length > maxLength) {
    throw new BadRequest(`${field} must be a non-empty string of at most ${maxLength} characters`);
  }
  return value;
}
