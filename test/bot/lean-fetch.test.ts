/** The bot's HTTP client for Bot API calls, against a real local HTTP server. */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leanFetch } from "../../src/bot/transport/lean-fetch.js";

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

describe("lean fetch", () => {
  let server: Server;
  let root: string;
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await bodyOf(req);
      if (req.url === "/slow") return; // never answers
      if (req.url === "/broken") {
        res.writeHead(502, { "content-type": "text/html" }).end("<html>bad gateway</html>");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, result: { body, type: req.headers["content-type"] } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("posts a JSON body and a streamed (multipart) body, and parses the JSON answer", async () => {
    const json = await leanFetch(`${root}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "Chào bác" }),
    });
    expect(json.ok).toBe(true);
    expect(await json.json()).toEqual({
      ok: true,
      result: { body: '{"text":"Chào bác"}', type: "application/json" },
    });
    const streamed = await leanFetch(`${root}/sendDocument`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: Readable.from([Buffer.from("--x\r\n"), Buffer.from("lịch.ics\r\n--x--")]),
    });
    expect(((await streamed.json()) as { result: { body: string } }).result.body).toBe(
      "--x\r\nlịch.ics\r\n--x--",
    );
  });

  it("a non-JSON answer fails json(); an abort and a refused connection reject", async () => {
    const broken = await leanFetch(`${root}/broken`, { method: "POST", body: "{}" });
    expect(broken.status).toBe(502);
    await expect(broken.json()).rejects.toThrow();
    const controller = new AbortController();
    const slow = leanFetch(`${root}/slow`, {
      method: "POST",
      body: "{}",
      signal: controller.signal,
    });
    controller.abort();
    await expect(slow).rejects.toThrow();
    await expect(leanFetch("http://127.0.0.1:1/getMe", { method: "POST" })).rejects.toThrow();
  });
});
