/** Server-sent events: the page's live feed of what the emulator sees. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** One event pushed to every connected page. */
export interface LiveEvent {
  /** Event name, e.g. `chat` (a chat changed), `call` (a Bot API call), `clock`, `users`. */
  type: string;
  data: unknown;
}

/** Fans events out to connected pages. */
export interface SseHub {
  /** Takes over a request as an event stream until the page goes away or the hub closes. */
  accept(request: IncomingMessage, response: ServerResponse): void;
  publish(event: LiveEvent): void;
  /** Ends every stream (so the HTTP server can close). */
  close(): void;
}

/** Creates an {@link SseHub}. A comment line every `keepAliveMs` keeps proxies from timing out. */
export function createSseHub(keepAliveMs = 15_000): SseHub {
  const clients = new Set<ServerResponse>();
  const timer = setInterval(() => {
    for (const client of clients) client.write(": keep-alive\n\n");
  }, keepAliveMs);
  timer.unref();
  return {
    accept(request, response) {
      response.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
      });
      response.write("retry: 1000\n\n");
      clients.add(response);
      request.once("close", () => clients.delete(response));
    },
    publish(event) {
      const frame = `event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
      for (const client of clients) client.write(frame);
    },
    close() {
      clearInterval(timer);
      for (const client of clients) client.end();
      clients.clear();
    },
  };
}
