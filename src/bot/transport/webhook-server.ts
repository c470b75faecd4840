/**
 * Telegram webhook mode: an HTTP server on `PORT` that accepts POSTs at the path of
 * `WEBHOOK_URL` carrying the right `X-Telegram-Bot-Api-Secret-Token` (401 otherwise, before the
 * body is read), caps bodies at 1 MB (413), and answers 200 only once the update is durable in
 * the inbox — so Telegram never believes delivered an update a crash could lose. Redeliveries
 * are dropped by `update_id` in the inbox. `GET /healthz` says whether storage is reachable.
 */
import { createServer, type Server } from "node:http";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import type { UpdatePipeline } from "../../domain/updates/pipeline.js";
import { listen, readBody, secretMatches } from "../../net/http-util.js";

/** Options for {@link startWebhookServer}. */
export interface WebhookServerOptions {
  port: number;
  host?: string;
  /** The path Telegram posts to (the path of `WEBHOOK_URL`). */
  path: string;
  secret: string;
  pipeline: UpdatePipeline<Update>;
  /** True when storage can be written. */
  healthy(): Promise<boolean>;
  /** Served at `GET /metrics` (Prometheus text) when given. */
  metrics?: { render(): Promise<string>; readonly contentType: string } | undefined;
  logger: Logger;
}

/** A listening webhook server. */
export interface WebhookServer {
  /** `http://host:port` it listens on. */
  origin: string;
  /** Stops taking requests (open ones finish). */
  stop(): Promise<void>;
}

function isUpdate(value: unknown): value is Update {
  return (
    typeof value === "object" &&
    value !== null &&
    Number.isSafeInteger((value as { update_id?: unknown }).update_id)
  );
}

/** Starts the server. */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const { logger, pipeline } = options;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const end = (status: number, body = "") => {
      if (res.headersSent) return;
      res.writeHead(status, { "content-type": "application/json" }).end(body);
    };
    if (req.method === "GET" && path === "/healthz") {
      options.healthy().then(
        (ok) => end(ok ? 200 : 503, JSON.stringify({ ok })),
        () => end(503, JSON.stringify({ ok: false })),
      );
      return;
    }
    const { metrics } = options;
    if (req.method === "GET" && path === "/metrics" && metrics) {
      metrics.render().then(
        (text) => {
          if (!res.headersSent)
            res.writeHead(200, { "content-type": metrics.contentType }).end(text);
        },
        () => end(500),
      );
      return;
    }
    if (path !== options.path) {
      end(404);
      return;
    }
    if (req.method !== "POST") {
      end(405);
      return;
    }
    if (!secretMatches(options.secret, req.headers["x-telegram-bot-api-secret-token"])) {
      logger.warn({ remote: req.socket.remoteAddress }, "webhook call without the right secret");
      req.resume();
      end(401);
      return;
    }
    void (async () => {
      const read = await readBody(req);
      if (!read.ok) {
        end(read.problem === "too_large" ? 413 : 400);
        if (read.problem === "too_large") req.socket.destroySoon?.();
        return;
      }
      let update: unknown;
      try {
        update = JSON.parse(read.body.toString("utf8"));
      } catch {
        update = undefined;
      }
      if (!isUpdate(update)) {
        end(400);
        return;
      }
      try {
        await pipeline.receive([{ id: update.update_id, update }]);
        end(200, "{}");
      } catch (error) {
        // Not durable: Telegram must try again.
        logger.error({ err: error, update_id: update.update_id }, "could not store an update");
        end(500);
      }
    })();
  });
  return listen(server, options.port, options.host);
}
