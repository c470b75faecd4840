import { describe, expect, it } from "vitest";
import {
  callbackData,
  decodeCallback,
  encodeCallback,
  field,
} from "../../src/bot/callback-data.js";
import { CustomerCallbacks } from "../../src/bot/customer-callbacks.js";

describe("callback data", () => {
  it("round-trips an action with arguments", () => {
    expect(decodeCallback(encodeCallback("rem", "hg13"))).toEqual({
      action: "rem",
      args: ["hg13"],
    });
  });

  it("refuses data over Telegram's 64 bytes", () => {
    expect(() => encodeCallback("x", "đ".repeat(40))).toThrow(/64 bytes/);
  });

  it("treats buttons of another version or garbage as expired", () => {
    expect(decodeCallback("0:rem:hg13")).toBeUndefined();
    expect(decodeCallback("hello")).toBeUndefined();
    expect(decodeCallback(undefined)).toBeUndefined();
  });
});

describe("typed callback codecs", () => {
  const language = callbackData("lng", { lang: field.optional(field.oneOf("vi", "en")) });
  const remind = callbackData("rem", { target: field.id, province: field.optional(field.id) });

  it("decodes valid payloads to typed fields and round-trips them", () => {
    expect(language.decode("1:lng:en")).toEqual({ lang: "en" });
    expect(language.decode("1:lng")).toEqual({ lang: undefined });
    expect(remind.decode(remind.encode({ target: "p", province: "lai-chau" }))).toEqual({
      target: "p",
      province: "lai-chau",
    });
  });

  it("refuses a field outside its type, extra or missing fields, and other actions", () => {
    expect(language.decode("1:lng:xx")).toBeUndefined();
    expect(language.decode("1:lng:EN")).toBeUndefined();
    expect(language.decode("1:lng:en:extra")).toBeUndefined();
    expect(remind.decode("1:rem")).toBeUndefined();
    expect(remind.decode("1:rem:<script>")).toBeUndefined();
    expect(remind.decode("1:lng:en")).toBeUndefined();
    expect(remind.decode("0:rem:hg13")).toBeUndefined();
  });

  it("customer codecs accept their own buttons and nothing else", () => {
    expect(CustomerCallbacks.ask.decode("1:ask:cost")).toEqual({ topic: "cost" });
    expect(CustomerCallbacks.ask.decode("1:ask:evil")).toBeUndefined();
    expect(CustomerCallbacks.check.decode("1:chk")).toEqual({ event: undefined });
    expect(CustomerCallbacks.unsubscribe.decode("1:urm:a")).toEqual({
      kind: "a",
      target: undefined,
    });
    expect(CustomerCallbacks.unsubscribe.decode("1:urm:x:hg13")).toBeUndefined();
  });
});
