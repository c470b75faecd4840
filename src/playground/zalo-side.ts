/**
 * The playground's Zalo side: a loopback Zalo emulator, the real Zalo channel on the same app,
 * and a small JSON API for the Zalo-style page (`/zalo`). Transcripts live in memory.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "../app.js";
import { ZaloEmulator } from "../emulator/zalo-emulator.js";
import { createZaloChannel } from "../zalo/channel.js";
import { ZaloClient } from "../zalo/client.js";
import { type Stoppable, startZaloPolling } from "../zalo/runner.js";
import { createZaloTransport } from "../zalo/transport.js";
import { BadRequest, readJsonBody, sendJson, serveStatic, toText } from "./http-util.js";
import type { SseHub } from "./sse.js";

/** One line of a Zalo chat as the page shows it. */
export interface ZaloLine {
  from: "user" | "bot";
  text: string;
  at: number;
}

/** Routes for the Zalo page; `handle` answers false for paths it does not own. */
export interface ZaloSide {
  handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean>;
  stop(): Promise<void>;
}

/** Starts the Zalo emulator and channel beside the Telegram bot of `app`. */
export async function startZaloSide(app: App, hub: SseHub, staticDir: string): Promise<ZaloSide> {
  const emulator = new ZaloEmulator();
  await emulator.start();
  const client = new ZaloClient(emulator.token, emulator.apiRoot);
  app.deps.delivery.engine.attach(createZaloTransport(client));
  const channel = await createZaloChannel(app.deps, client, app.storage.zalo);
  const polling: Stoppable = startZaloPolling(client, channel, app.deps.logger);
  const transcripts = new Map<string, ZaloLine[]>();
  const add = (user: string, line: ZaloLine) => {
    const lines = transcripts.get(user) ?? [];
    lines.push(line);
    transcripts.set(user, lines);
    hub.publish({ type: "zalo", data: { user, line } });
  };
  emulator.on("sent", (sent) => add(sent.chatId, { from: "bot", text: sent.text, at: sent.at }));
  const userOf = (value: unknown) => {
    const user = toText(value, "user", 20);
    if (!/^[0-9a-f]{20}$/.test(user)) throw new BadRequest("user must be 20 hex characters");
    return user;
  };
  return {
    async handle(request, response, path) {
      const method = request.method ?? "GET";
      if (method === "GET" && (path === "/zalo" || path === "/zalo.html")) {
        await serveStatic(response, staticDir, "zalo.html");
        return true;
      }
      if (method === "GET" && path === "/api/zalo/messages") {
        const user = userOf(new URL(request.url ?? "/", "http://x").searchParams.get("user") ?? "");
        sendJson(response, 200, transcripts.get(user) ?? []);
        return true;
      }
      if (method === "POST" && path === "/api/zalo/send") {
        const body = await readJsonBody(request);
        const user = userOf(body.user);
        const text = toText(body.text, "text", 2000);
        add(user, { from: "user", text, at: Date.now() });
        await emulator.sendText(user, text);
        sendJson(response, 200, { ok: true });
        return true;
      }
      return false;
    },
    async stop() {
      await polling.stop();
      await emulator.stop();
    },
  };
}
