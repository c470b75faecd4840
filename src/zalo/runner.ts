/** Receiving Zalo updates: long polling (development) or a webhook (production). */
import { createServer, type Server } from "node:http";
import type { Logger } from "pino";
import type { ZaloChannel } from "./channel.js";
import { readBody, secretMatches } from "../net/http-util.js";
import { type ZaloClient, unwrapUpdate } from "./client.js";

export { secretMatches };

/** Something running that can be stopped. */
export interface Stoppable {
  stop(): Promise<void>;
}

/** Polls `getUpdates` (one update per call; 408 means none) until stopped. */
export function startZaloPolling(
  client: ZaloClient,
  channel: ZaloChannel,
  logger: Logger,
): Stoppable {
  const abort = new AbortController();
  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        const update = await client.getUpdates(30, abort.signal);
        if (update) await channel.handle(update);
      } catch (error) {
        if (abort.signal.aborted) break;
        logger.warn({ err: error }, "zalo polling failed; retrying in 1 s");
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })();
  return {
    stop: async () => {
      abort.abort();
      await loop;
    },
  };
}

/**
 * Serves the webhook on `port`; only posts carrying the secret header are processed. The 200
 * goes out once `channel.handle` resolved: the update was handled (one instance, lowdb) or is
 * durable in the shared inbox (several instances, see `shared-inbox.ts`).
 */
export async function startZaloWebhook(
  channel: ZaloChannel,
  options: { port: number; host?: string; secret: string; logger: Logger },
): Promise<Stoppable & { url: string }> {
  const server: Server = createServer((req, res) => {
    if (
      req.method !== "POST" ||
      !secretMatches(options.secret, req.headers["x-bot-api-secret-token"])
    ) {
      res.writeHead(401).end();
      return;
    }
    void readBody(req).then((read) => {
      if (!read.ok) {
        // Over 1 MB: refused without keeping it in memory.
        res.writeHead(read.problem === "too_large" ? 413 : 400).end();
        return;
      }
      let update: ReturnType<typeof unwrapUpdate>;
      try {
        update = unwrapUpdate(JSON.parse(read.body.toString("utf8")));
      } catch {
        update = undefined;
      }
      if (!update) {
        res.writeHead(400).end();
        return;
      }
      // 500 when handling (or, on the shared inbox, storing) failed: the platform retries, and
      // the retry is handled again.
      channel.handle(update).then(
        () => res.writeHead(200).end(),
        (error: unknown) => {
          options.logger.error({ err: error }, "zalo update failed");
          res.writeHead(500).end();
        },
      );
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
