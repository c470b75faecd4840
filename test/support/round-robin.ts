/** A load balancer in miniature for tests of several instances. */
import { createServer, type Server } from "node:http";
import { freePort } from "./process-kit.js";

/** A running {@link roundRobin} proxy. */
export interface RoundRobin {
  url: string;
  server: Server;
  /** Requests forwarded to each target. */
  counts: number[];
  /** Forwards only to these targets from now on (a load balancer draining the others). */
  use(indexes: number[]): void;
}

/** A load balancer in miniature: POSTs go to the targets in turn; the answer comes back. */
export async function roundRobin(targets: string[]): Promise<RoundRobin> {
  const counts = targets.map(() => 0);
  let inUse = targets.map((_, i) => i);
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const index = inUse[next++ % inUse.length] ?? 0;
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
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    counts,
    use: (indexes) => {
      inUse = [...indexes];
    },
  };
}
