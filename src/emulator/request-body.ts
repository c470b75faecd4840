/** Parses Bot API request bodies the way Telegram accepts them: JSON, urlencoded, multipart. */
import type { IncomingMessage } from "node:http";

/** An uploaded file from a multipart body. */
export interface UploadedFile {
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

/** Parameters of one call; uploaded files replace their `attach://` references. */
export type Params = Record<string, unknown>;

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Nested objects (reply_markup, …) arrive as JSON strings in form bodies. */
function decodeValue(value: string): unknown {
  const trimmed = value.trim();
  if (/^[[{]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

function parseMultipart(body: Buffer, boundary: string): Params {
  const params: Params = {};
  const files: Record<string, UploadedFile> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let position = body.indexOf(delimiter);
  while (position >= 0) {
    const next = body.indexOf(delimiter, position + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(position + delimiter.length + 2, next - 2);
    position = next;
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd < 0) continue;
    const headers = part.subarray(0, headerEnd).toString("utf8");
    const content = part.subarray(headerEnd + 4);
    const name = /(?:^|[;\s])name=(?:"([^"]*)"|([^;\r\n]+))/i.exec(headers);
    const key = name?.[1] ?? name?.[2];
    if (!key) continue;
    // grammY writes filename=event.ics unquoted; browsers quote it.
    const filenameMatch = /filename=(?:"([^"]*)"|([^;\r\n]+))/i.exec(headers);
    const filename = filenameMatch ? (filenameMatch[1] ?? filenameMatch[2] ?? "") : undefined;
    if (filename !== undefined) {
      const mimeType =
        /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? "application/octet-stream";
      files[key] = { filename, mimeType, bytes: Buffer.from(content) };
    } else {
      params[key] = decodeValue(content.toString("utf8"));
    }
  }
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "string" && value.startsWith("attach://")) {
      const file = files[value.slice("attach://".length)];
      if (file) params[key] = file;
    }
  }
  for (const [name, file] of Object.entries(files)) {
    if (!(name in params)) params[name] = file;
  }
  return params;
}

/** Reads the body and the query string of a request into parameters. */
export async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = {};
  for (const [key, value] of url.searchParams) params[key] = decodeValue(value);
  const body = await readAll(req);
  if (body.length === 0) return params;
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) {
    Object.assign(params, JSON.parse(body.toString("utf8")) as Params);
  } else if (type.includes("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    Object.assign(params, parseMultipart(body, boundary?.[1] ?? boundary?.[2] ?? ""));
  } else {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) {
      params[key] = decodeValue(value);
    }
  }
  return params;
}
