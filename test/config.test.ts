import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.js";

describe("parseConfig", () => {
  it("gives the documented defaults for an empty environment", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      botToken: undefined,
      telegramApiRoot: "https://api.telegram.org",
      dataDir: "./data/runtime",
      adminIds: [],
      botClock: undefined,
      logLevel: "info",
      playgroundPort: 3000,
    });
  });

  it("reads every variable", () => {
    const config = parseConfig({
      BOT_TOKEN: " 123:abc ",
      TELEGRAM_API_ROOT: "http://127.0.0.1:9000/",
      DATA_DIR: "/tmp/x",
      ADMIN_IDS: "1, 22,333",
      BOT_CLOCK: "2013-11-01T08:00:00+07:00",
      LOG_LEVEL: "debug",
      PLAYGROUND_PORT: "3100",
      COORDINATOR_CHAT_ID: "-1001234567890",
    });
    expect(config.coordinatorChatId).toBe("-1001234567890");
    expect(config.botToken).toBe("123:abc");
    expect(config.telegramApiRoot).toBe("http://127.0.0.1:9000");
    expect(config.adminIds).toEqual([1, 22, 333]);
    expect(config.botClock?.toISOString()).toBe("2013-11-01T01:00:00.000Z");
    expect(config.playgroundPort).toBe(3100);
  });

  it("chooses PostgreSQL only when DATABASE_URL is a postgres:// URL", () => {
    expect(parseConfig({}).databaseUrl).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: " postgres://loa:x@db:5432/loa " }).databaseUrl).toBe(
      "postgres://loa:x@db:5432/loa",
    );
    expect(() => parseConfig({ DATABASE_URL: "mysql://db/loa" })).toThrow(/DATABASE_URL/);
  });

  it("treats an empty token as no token", () => {
    expect(parseConfig({ BOT_TOKEN: "  " }).botToken).toBeUndefined();
  });

  it.each([
    [{ ADMIN_IDS: "12,abc" }, /ADMIN_IDS/],
    [{ COORDINATOR_CHAT_ID: "@desk" }, /COORDINATOR_CHAT_ID/],
    [{ BOT_CLOCK: "tomorrow" }, /BOT_CLOCK/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [{ PLAYGROUND_PORT: "99999" }, /PLAYGROUND_PORT/],
    [{ TELEGRAM_API_ROOT: "ftp://x" }, /TELEGRAM_API_ROOT/],
    [{ ZALO_WEBHOOK_URL: "https://x.example/zalo" }, /ZALO_WEBHOOK_SECRET/],
  ])("names the variable in error %#", (env, pattern) => {
    expect(() => parseConfig(env)).toThrowError(ConfigError);
    expect(() => parseConfig(env)).toThrowError(pattern);
  });

  it("reads the Telegram webhook settings, with PORT defaulting to 8080", () => {
    expect(parseConfig({}).webhook).toBeUndefined();
    expect(
      parseConfig({ WEBHOOK_URL: "https://loa.example/tg/hook", WEBHOOK_SECRET: "s3cret_-X" })
        .webhook,
    ).toEqual({ url: "https://loa.example/tg/hook", secret: "s3cret_-X", port: 8080 });
    expect(
      parseConfig({ WEBHOOK_URL: "https://loa.example/", WEBHOOK_SECRET: "a", PORT: "9090" })
        .webhook?.port,
    ).toBe(9090);
  });

  it("refuses a webhook without a usable secret, or a bad URL or port", () => {
    expect(() => parseConfig({ WEBHOOK_URL: "https://loa.example/hook" })).toThrow(
      /WEBHOOK_SECRET: required/,
    );
    expect(() =>
      parseConfig({ WEBHOOK_URL: "https://loa.example/hook", WEBHOOK_SECRET: "no spaces" }),
    ).toThrow(/WEBHOOK_SECRET: must be/);
    expect(() => parseConfig({ WEBHOOK_URL: "loa.example", WEBHOOK_SECRET: "a" })).toThrow(
      /WEBHOOK_URL/,
    );
    expect(() => parseConfig({ PORT: "80000" })).toThrow(/PORT/);
  });
});
