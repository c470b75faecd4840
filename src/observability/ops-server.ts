/**
 * The operations endpoints in long-polling mode (webhook mode serves them beside the webhook):
 * `GET /metrics` (Prometheus text) and `GET /healthz` (200 when storage is reachable, 503
 * otherwise) on `PORT`, when it is set. Nothing else is served.
 */
import { createServer, type Server } from "node:http";
import { listen } from "../net/http-util.js";

/** Options for {@link startOpsServer}. */
export interface OpsServerOptions {
  port: number;
  host?: string;
  metrics: { render(): Promise<string>; readonly contentType: string };
  /** True when storage can be written. */
  healthy(): Promise<boolean>;
}

/** A listening operations server. */
export interface OpsServer {
  /** `http://host:port` it listens on. */
  origin: string;
  stop(): Promise<void>;
}

/** Starts the server. */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const end = (status: number, type: string, body: string) => {
      if (!res.headersSent) res.writeHead(status, { "content-type": type }).end(body);
    };
    if (req.method === "GET" && path === "/metrics") {
      options.metrics.render().then(
        (text) => end(200, options.metrics.contentType, text),
        () => end(500, "text/plain", ""),
      );
      return;
    }
    if (req.method === "GET" && path === "/healthz") {
      options.healthy().then(
        (ok) => end(ok ? 200 : 503, "application/json", JSON.stringify({ ok })),
        () => end(503, "application/json", JSON.stringify({ ok: false })),
      );
      return;
    }
    end(404, "text/plain", "");
  });
  return listen(server, options.port, options.host);
}
