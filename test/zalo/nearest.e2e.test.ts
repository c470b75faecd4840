/**
 * On Zalo (no buttons: choices are a numbered list) the "nearest" and "no event here" answers
 * offer to follow the customer's province as a numbered choice, and no hint says "bấm" (tap).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zaloId } from "../../src/emulator/zalo-emulator.js";
import { startZaloHarness, type ZaloHarness } from "../support/zalo-harness.js";

const TAP = /\bbấm\b|\bBấm\b/;

describe("Zalo: nearest event and following a province, without 'bấm'", () => {
  let h: ZaloHarness;
  beforeAll(async () => {
    h = await startZaloHarness({ clock: "2013-10-30T09:00:00+07:00" });
  });
  afterAll(() => h.stop());
  const ask = (user: string, text: string) => h.ask(user, text);

  it("'tôi ở Yên Bái' offers to follow Yên Bái as choice 1, and '1' follows it", async () => {
    const user = zaloId();
    const answer = await ask(user, "tôi ở Yên Bái");
    expect(answer).toContain("chưa có");
    expect(answer).toContain("1. 🔔 Báo tôi khi có ở Yên Bái");
    expect(answer).toContain("2. 🔔 Nhắc tôi: Hà Giang");
    expect(answer).toContain("Trả lời bằng số");
    expect(answer).not.toMatch(TAP);
    const followed = await ask(user, "1");
    expect(followed).toContain("Đã theo dõi Yên Bái");
    const subs = await h.app.deps.delivery.subscriptions.listFor(`zalo:${user}`);
    expect(subs).toMatchObject([{ kind: "province", target: "yen-bai" }]);
  });

  it("names the nearest event, and other hints do not say 'bấm' either", async () => {
    const user = zaloId();
    const nearest = await ask(user, "tôi ở Sơn La, chỗ nào gần nhất?");
    expect(nearest).toContain("Gần Sơn La nhất là Điện Biên");
    expect(nearest).toContain("16/11/2013");
    expect(nearest).toContain("1. 🔔 Báo tôi khi có ở Sơn La");
    expect(nearest).not.toMatch(TAP);
    const who = await ask(user, "ai được tham gia");
    expect(who).toContain("Ai được tham gia");
    expect(who).not.toMatch(TAP);
    const where = await ask(user, "Lai Châu khám ở đâu");
    expect(where).toContain("được thông báo sau");
    expect(where).not.toMatch(TAP);
  });
});
