/**
 * On Zalo, through the Zalo emulator: facts from the programmes' data, FAQ entries and the honest
 * "not announced yet" arrive as plain text (no HTML tags), and what Loa could not tell reaches
 * the coordinators' /unanswered like on Telegram.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zaloId } from "../../src/emulator/zalo-emulator.js";
import { startZaloHarness, type ZaloHarness } from "../support/zalo-harness.js";

describe("Zalo: facts, FAQ and honest unknowns on the two-programme fixture", () => {
  let h: ZaloHarness;
  beforeAll(async () => {
    h = await startZaloHarness({
      clock: "2027-02-27T09:00:00+07:00",
      seedDir: "test/fixtures/seeds/two-programmes-2027",
    });
  });
  afterAll(() => h.stop());
  const ask = (user: string, text: string) => h.ask(user, text);

  it("what to bring, an FAQ entry and 'not announced yet', as plain text", async () => {
    const user = zaloId();
    const bring = await ask(user, "kham mat can mang gi");
    expect(bring).toContain("Căn cước công dân");
    expect(bring).not.toContain("túi đất");
    expect(bring).not.toMatch(/<\/?b>/);
    expect(await ask(user, "co can nhin an ko")).toContain("Không cần nhịn ăn");
    const parking = await ask(user, "có chỗ gửi xe không");
    expect(parking).toContain("chưa có thông tin");
    expect(parking).not.toMatch(/<\/?[bi]>/);
    const open = await h.app.deps.admin.unanswered.open(10);
    expect(open.map((q) => q.text)).toContain("có chỗ gửi xe không");
  });
});
