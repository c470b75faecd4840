import { describe, expect, it } from "vitest";
import { decodeCallback, encodeCallback } from "../../src/bot/callback-data.js";

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
