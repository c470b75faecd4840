/**
 * A load balancer in miniature, for tests and benches that run several instances: POSTs (any
 * request) go to the targets in turn and the answer comes back.
 */
import { createServer, type Server } from "node:http";
import { freePort } from "./process-kit.js";

/** A running proxy: its URL, the server (close it when done), requests per target. */
export interface RoundRobinProxy {
  url: string;
  server: Server;
  counts: number[];
}

/** Starts a round-robin proxy in front of `targets` (base URLs) on a free local port. */
export async function roundRobin(targets: string[]): Promise<RoundRobinProxy> {
  const counts = targets.map(() => 0);
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const index = next++ % targets.length;
      counts[index] = (counts[index] ?? 0) + 1;
      fetch(`${targets[index]}${req.url ?? "/"}`, {
        method: req.method ?? "POST",
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(
            (entry): entry is [string, string] =>
              typeof entry[1] === "string" && entry[0] !== "host" && entry[0] !== "content-length",
          ),
        ),
        body: Buffer.concat(chunks),
      }).then(
        async (response) => {
          res.writeHead(response.status).end(Buffer.from(await response.arrayBuffer()));
        },
        () => res.writeHead(502).end(),
      );
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}`, server, counts };
}
