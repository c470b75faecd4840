/**
 * The playground's HTTP server: the static page, a small JSON API over the emulator, and the
 * live event stream. It holds no chat state of its own; the emulator does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { TelegramEmulator } from "../emulator/telegram-emulator.js";
import type { SettableClock } from "./clock.js";
import { BadRequest, readJsonBody, sendJson, serveStatic, toInteger, toText } from "./http-util.js";
import type { RecordedCall, WaitForCall } from "./live-feed.js";
import type { SseHub } from "./sse.js";

/** Someone the page can talk as. The private chat id equals the user id. */
export interface PlaygroundUser {
  id: number;
  first_name: string;
  language_code: string;
  coordinator: boolean;
}

/** What the server needs. */
export interface PlaygroundServerDeps {
  emulator: TelegramEmulator;
  clock: SettableClock;
  hub: SseHub;
  /** Directory with index.html, style.css and the page scripts. */
  staticDir: string;
  /** The `playground` section of each locale, by language. */
  strings(): Record<string, unknown>;
  /** Users listed on the page (presets first); the server adds the ones the page creates. */
  users: Map<number, PlaygroundUser>;
  adminIds: readonly number[];
  /** Instants offered as one-click clock presets, by name. */
  clockPresets(): Record<string, string>;
  /** The programme's first and last event dates (ISO), for the "everything is past" banner. */
  catalogue?: (() => Promise<{ first: string; last: string } | undefined>) | undefined;
  /** Waits for the bot's next matching Bot API call. */
  waitForCall: WaitForCall;
  /** Resolves once the bot is polling; API calls wait for it. */
  ready: Promise<void>;
  /** More routes (the Zalo side), tried after the built-in ones; true when handled. */
  extraRoutes?: Array<
    (request: IncomingMessage, response: ServerResponse, path: string) => Promise<boolean>
  >;
}

/** How long a button press waits for the bot's answerCallbackQuery. */
const ANSWER_WAIT_MS = 5_000;
/** How many Bot API calls the page gets on load; later ones arrive live. */
const CALLS_ON_LOAD = 200;

/** Creates (does not start) the HTTP server. */
export function createPlaygroundServer(deps: PlaygroundServerDeps): Server {
  return createServer((request, response) => {
    handle(deps, request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.end();
        return;
      }
      if (error instanceof BadRequest) sendJson(response, 400, { error: error.message });
      else sendJson(response, 500, { error: "internal error" });
    });
  });
}

function clockState(clock: SettableClock) {
  return { now: clock.now().toISOString(), real: clock.isReal() };
}

async function handle(
  deps: PlaygroundServerDeps,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://playground.local");
  const path = url.pathname;
  const method = request.method ?? "GET";
  if (method === "GET" && (path === "/" || path === "/index.html")) {
    await serveStatic(response, deps.staticDir, "index.html");
    return;
  }
  if (method === "GET" && path.startsWith("/static/")) {
    if (!(await serveStatic(response, deps.staticDir, path.slice("/static/".length)))) {
      sendJson(response, 404, { error: "not found" });
    }
    return;
  }
  if (method === "GET" && path === "/api/strings") {
    sendJson(response, 200, deps.strings());
    return;
  }
  if (method === "GET" && path === "/api/live") {
    deps.hub.accept(request, response);
    return;
  }
  await deps.ready;
  const { emulator } = deps;
  if (method === "GET" && path === "/api/state") {
    sendJson(response, 200, {
      users: [...deps.users.values()],
      clock: clockState(deps.clock),
      clockPresets: deps.clockPresets(),
      catalogue: (await deps.catalogue?.()) ?? null,
    });
    return;
  }
  if (method === "GET" && path === "/api/calls") {
    sendJson(response, 200, emulator.calls.slice(-CALLS_ON_LOAD));
    return;
  }
  if (method === "POST" && path === "/api/users") {
    const body = await readJsonBody(request);
    const user: PlaygroundUser = {
      id: toInteger(body.id, "id"),
      first_name: toText(body.first_name, "first_name", 64),
      language_code: toText(body.language_code ?? "vi", "language_code", 8),
      coordinator: false,
    };
    if (user.id <= 0) throw new BadRequest("id must be positive");
    user.coordinator = deps.adminIds.includes(user.id);
    emulator.addUser({
      id: user.id,
      first_name: user.first_name,
      language_code: user.language_code,
    });
    deps.users.set(user.id, user);
    deps.hub.publish({ type: "users", data: [...deps.users.values()] });
    sendJson(response, 200, user);
    return;
  }
  if (method === "POST" && path === "/api/clock") {
    const body = await readJsonBody(request);
    if (body.instant === null) deps.clock.set(undefined);
    else {
      const instant = new Date(toText(body.instant, "instant", 64));
      if (Number.isNaN(instant.getTime())) throw new BadRequest("instant is not a date");
      deps.clock.set(instant);
    }
    deps.hub.publish({ type: "clock", data: clockState(deps.clock) });
    sendJson(response, 200, clockState(deps.clock));
    return;
  }
  const chatRoute = /^\/api\/chats\/(-?\d+)(\/[a-z]+)?(?:\/(\d+))?$/.exec(path);
  if (chatRoute) {
    const chatId = toInteger(chatRoute[1], "chat id");
    const action = chatRoute[2] ?? "";
    if (method === "GET" && action === "") {
      sendJson(response, 200, emulator.messages(chatId));
      return;
    }
    if (method === "GET" && action === "/files" && chatRoute[3]) {
      sendDocument(response, emulator, chatId, toInteger(chatRoute[3], "message id"));
      return;
    }
    if (method === "GET" && action === "/commands") {
      const user = deps.users.get(chatId);
      sendJson(response, 200, emulator.commandsFor(chatId, user?.language_code));
      return;
    }
    if (!deps.users.has(chatId)) throw new BadRequest("unknown user; create it first");
    // A file from the page (CSV for /import, up to the bot's 1 MB) arrives base64 in JSON.
    const body =
      method === "POST"
        ? await readJsonBody(request, action === "/document" ? 3 * 1024 * 1024 : undefined)
        : {};
    if (method === "POST" && action === "/text") {
      emulator.sendText(chatId, toText(body.text, "text"));
      sendJson(response, 200, { ok: true });
      return;
    }
    if (method === "POST" && action === "/location") {
      const latitude = Number(body.latitude);
      const longitude = Number(body.longitude);
      if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) {
        throw new BadRequest("latitude/longitude out of range");
      }
      emulator.sendLocation(chatId, latitude, longitude);
      sendJson(response, 200, { ok: true });
      return;
    }
    if (method === "POST" && action === "/photo") {
      const caption =
        body.caption === undefined ? undefined : toText(body.caption, "caption", 1024);
      emulator.sendPhoto(chatId, caption);
      sendJson(response, 200, { ok: true });
      return;
    }
    if (method === "POST" && action === "/document") {
      const bytes = Buffer.from(toText(body.base64, "base64", 2_000_000), "base64");
      emulator.sendDocument(
        chatId,
        {
          bytes,
          filename: toText(body.filename, "filename", 200),
          mimeType: toText(body.mimeType ?? "application/octet-stream", "mimeType", 100),
        },
        body.caption === undefined ? undefined : toText(body.caption, "caption", 1024),
      );
      sendJson(response, 200, { ok: true });
      return;
    }
    if (method === "POST" && action === "/press") {
      const answer = await pressAndWaitForAnswer(
        deps,
        chatId,
        toInteger(body.messageId, "messageId"),
        toText(body.data, "data", 64),
      );
      sendJson(response, 200, { ok: true, answer });
      return;
    }
  }
  for (const route of deps.extraRoutes ?? []) {
    if (await route(request, response, path)) return;
  }
  sendJson(response, 404, { error: "not found" });
}

/** Sends the document of a message as a download, with its file name and type. */
function sendDocument(
  response: ServerResponse,
  emulator: TelegramEmulator,
  chatId: number,
  messageId: number,
): void {
  const message = emulator.messages(chatId).find((m) => m.message_id === messageId);
  const file = message?.document && emulator.file(message.document.file_id);
  if (!file) {
    sendJson(response, 404, { error: "no such file" });
    return;
  }
  const asciiName = file.filename.replace(/[^\w.-]+/g, "_");
  response.writeHead(200, {
    "content-type": file.mimeType,
    "content-length": file.bytes.length,
    "content-disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    "x-content-type-options": "nosniff",
  });
  response.end(file.bytes);
}

/** What the bot said when it answered a button press (toast text, or an alert). */
export interface CallbackAnswer {
  text: string | undefined;
  show_alert: boolean;
}

/** Presses a button and resolves with the bot's answerCallbackQuery, or null if none came. */
async function pressAndWaitForAnswer(
  deps: PlaygroundServerDeps,
  userId: number,
  messageId: number,
  data: string,
): Promise<CallbackAnswer | null> {
  let queryId: unknown;
  const answered = deps.waitForCall(
    (call) =>
      call.method === "answerCallbackQuery" &&
      (typeof queryId !== "string" || payloadOf(call).callback_query_id === queryId),
    ANSWER_WAIT_MS,
  );
  queryId = deps.emulator.pressButton(userId, messageId, data).callback_query?.id;
  const call = await answered;
  if (!call) return null;
  const payload = payloadOf(call);
  return {
    text: typeof payload.text === "string" ? payload.text : undefined,
    show_alert: payload.show_alert === true,
  };
}

function payloadOf(call: RecordedCall): Record<string, unknown> {
  return typeof call.payload === "object" && call.payload !== null
    ? (call.payload as Record<string, unknown>)
    : {};
}
