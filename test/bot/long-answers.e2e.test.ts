/**
 * Answers longer than Telegram's 4,096 characters arrive split on paragraph boundaries instead
 * of being rejected (the emulator refuses over-long texts as Telegram does).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_FIELD_CHARS } from "../../src/domain/admin/event-editing.js";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const CUSTOMER = 710;

describe("long answers", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.user(CUSTOMER, { first_name: "Cô Ba", language_code: "vi" });
    const base = await h.app.storage.events.get("lc13");
    if (!base) throw new Error("seed event lc13 missing");
    // Four events in one province with every free-text field at the /newevent limits.
    for (let n = 1; n <= 4; n++) {
      const saved = await h.app.storage.events.save({
        ...base,
        id: `lc13-${n + 1}`,
        date: `2013-11-${String(10 + n).padStart(2, "0")}`,
        venueName: `Điểm ${n} ${"v".repeat(MAX_FIELD_CHARS.venue - 10)}`,
        address: `Địa chỉ ${n} ${"đ".repeat(MAX_FIELD_CHARS.address - 14)}`,
        notes: { vi: `Ghi chú ${n} ${"ghi chú dài. ".repeat(MAX_FIELD_CHARS.notes / 13 - 2)}` },
        version: 1,
      });
      expect(saved).toBeTruthy();
    }
  });
  afterAll(async () => {
    await h.stop();
  });

  it("splits a 5,000+ character answer into messages Telegram accepts", async () => {
    const before = h.emulator.messages(CUSTOMER).length;
    const last = h.emulator.waitForBotMessage(CUSTOMER, (m) => textOf(m).includes("Điểm 4"));
    h.emulator.sendText(CUSTOMER, "lai chau ngay nao");
    await last;
    const replies = h.emulator
      .messages(CUSTOMER)
      .slice(before)
      .filter((m) => m.from?.is_bot);
    const all = replies.map(textOf).join("\n");
    expect(all.length).toBeGreaterThan(4096);
    expect(replies.length).toBeGreaterThan(1);
    for (const reply of replies) expect(textOf(reply).length).toBeLessThanOrEqual(4096);
    for (let n = 1; n <= 4; n++) expect(all).toContain(`Điểm ${n}`);
    expect(all).not.toContain("trục trặc");
  });
});
