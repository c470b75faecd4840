/** Tagging a broadcast button with its job: fits Telegram's 64 bytes or stays as it was. */
import { describe, expect, it } from "vitest";
import { encodeCallback } from "../../src/bot/callback-data.js";
import { tagCallback, untagCallback } from "../../src/bot/middlewares/broadcast-presses.js";

const JOB = "0123456789abcdef0123456789abcdef";

describe("broadcast button tags", () => {
  it("round-trips the job and the button's own data", () => {
    const data = encodeCallback("ics", "lc13");
    const tagged = tagCallback(JOB, data);
    expect(Buffer.byteLength(tagged)).toBeLessThanOrEqual(64);
    expect(untagCallback(tagged)).toEqual({ jobId: JOB, data });
  });

  it("leaves a button whose tag would not fit untouched (its presses are not counted)", () => {
    const data = encodeCallback("ics", "x".repeat(40));
    expect(tagCallback(JOB, data)).toBe(data);
    expect(untagCallback(data)).toBeUndefined();
  });

  it("does not mistake ordinary or coordinator callback data for a tag", () => {
    for (const data of ["1:ics:hg13", "a2:bj:pause:abc", "J|", "J||x", undefined]) {
      expect(untagCallback(data)).toBeUndefined();
    }
  });
});
