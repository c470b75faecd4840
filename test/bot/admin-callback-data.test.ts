import { describe, expect, it } from "vitest";
import { adminCallback, AdminCallbacks } from "../../src/bot/admin-callback-data.js";

describe("coordinator callback data", () => {
  it("round-trips typed fields in a versioned, compact format", () => {
    const data = AdminCallbacks.job.encode({ op: "ask_stop", id: "abc123" });
    expect(data).toBe("a2:bj:ask_stop:abc123");
    expect(AdminCallbacks.job.decode(data)).toEqual({ op: "ask_stop", id: "abc123" });
    expect(AdminCallbacks.menu.decode(AdminCallbacks.menu.encode({ entry: "stats" }))).toEqual({
      entry: "stats",
    });
  });

  it("rejects forged, stale and other families' data", () => {
    expect(AdminCallbacks.job.decode("a2:bj:explode:abc")).toBeUndefined();
    expect(AdminCallbacks.menu.decode("a2:m:rm -rf")).toBeUndefined();
    expect(AdminCallbacks.addAdmin.decode("a2:aa:12x")).toBeUndefined();
    expect(AdminCallbacks.confirm.decode("1:adm:ok:abc")).toBeUndefined();
    expect(AdminCallbacks.confirm.decode("a1:ok:abc")).toBeUndefined();
    expect(AdminCallbacks.confirm.decode("a2:ok:abc:extra")).toBeUndefined();
    expect(AdminCallbacks.confirm.decode(AdminCallbacks.discard.encode({ token: "abc" }))).toBe(
      undefined,
    );
  });

  it("refuses to encode what would not fit or not decode", () => {
    expect(() => AdminCallbacks.confirm.encode({ token: "a:b" })).toThrow();
    const long = adminCallback("long", { text: /^.*$/ });
    expect(() => long.encode({ text: "x".repeat(80) })).toThrow(/64 bytes/);
  });
});
