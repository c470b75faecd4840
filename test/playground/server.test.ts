import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import {
  PLAYGROUND_COORDINATOR,
  type Playground,
  startPlayground,
} from "../../src/playground/index.js";

describe("the playground server", () => {
  let playground: Playground;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "loa-playground-api-"));
    const config = parseConfig({
      DATA_DIR: dataDir,
      SEED_DIR: join(PROJECT_ROOT, "data"),
      ADMIN_IDS: "77",
      BOT_CLOCK: "2013-10-30T09:00:00+07:00",
      LOG_LEVEL: "silent",
    });
    playground = await startPlayground(config, { port: 0, logger: pino({ level: "silent" }) });
  });

  afterAll(async () => {
    await playground?.stop();
    if (dataDir)
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  const get = (path: string) => fetch(`${playground.url}${path}`);
  const post = (path: string, body: unknown) =>
    fetch(`${playground.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("listens on loopback only and serves the page and its strings", async () => {
    expect(playground.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await get("/");
    expect(page.headers.get("content-type")).toContain("text/html");
    const strings = (await (await get("/api/strings")).json()) as Record<string, object>;
    expect(Object.keys(strings.vi ?? {}).sort()).toEqual(Object.keys(strings.en ?? {}).sort());
  });

  it("never serves files outside the static directory", async () => {
    for (const path of ["/static/../index.ts", "/static/%2e%2e%2fserver.ts", "/static/x.d.ts"]) {
      expect((await get(path)).status).toBe(404);
    }
  });

  it("makes the preset coordinator an admin alongside ADMIN_IDS, and starts at BOT_CLOCK", async () => {
    expect(playground.app.deps.config.adminIds).toEqual([77, PLAYGROUND_COORDINATOR.id]);
    const state = (await (await get("/api/state")).json()) as { clock: { now: string } };
    expect(state.clock.now.startsWith("2013-10-30T02:0")).toBe(true);
  });

  it("moves the bot's clock and back to real time", async () => {
    await post("/api/clock", { instant: "2013-11-10T08:00:00+07:00" });
    expect(playground.clock.now().toISOString().startsWith("2013-11-10T01:00")).toBe(true);
    await post("/api/clock", { instant: null });
    expect(Math.abs(playground.clock.now().getTime() - Date.now())).toBeLessThan(5_000);
    expect((await post("/api/clock", { instant: "not a date" })).status).toBe(400);
  });

  it("refuses users and messages it cannot make sense of", async () => {
    expect((await post("/api/users", { id: "abc", first_name: "X" })).status).toBe(400);
    expect((await post("/api/users", { id: 5, first_name: "" })).status).toBe(400);
    expect((await post("/api/chats/123456/text", { text: "hi" })).status).toBe(400);
  });

  it("passes the bot's answer to a button press back to the page", async () => {
    const customer = 1000001;
    const next = playground.emulator.waitForBotMessage(customer);
    await post(`/api/chats/${customer}/text`, { text: "/start" });
    const welcome = await next;
    const response = await post(`/api/chats/${customer}/press`, {
      messageId: welcome.message_id,
      data: "no-such-button",
    });
    const body = (await response.json()) as { answer: { text: string; show_alert: boolean } };
    expect(body.answer.show_alert).toBe(true);
    expect(body.answer.text).toContain("hết hạn");
  });
});
