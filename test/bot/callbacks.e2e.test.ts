/**
 * Forged or damaged customer buttons are answered as expired and change nothing; the bot's own
 * buttons still work (end to end through the emulator).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const CUSTOMER = 700;
const EXPIRED = "Nút này đã hết hạn";

/** Presses `data` and resolves with the text of the answerCallbackQuery for it. */
async function pressAndGetAnswer(h: Harness, messageId: number, data: string): Promise<string> {
  const before = h.emulator.calls.length;
  h.emulator.pressButton(CUSTOMER, messageId, data);
  const deadline = Date.now() + 5000;
  for (;;) {
    const call = h.emulator.calls
      .slice(before)
      .map((c) => JSON.stringify(c))
      .find((json) => json.includes("answerCallbackQuery"));
    if (call) return call;
    if (Date.now() > deadline) throw new Error(`no answer to the button ${data}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("customer buttons are validated field by field", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.user(CUSTOMER, { first_name: "Chị Mai", language_code: "vi" });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("a forged language button does not switch to an unsupported language", async () => {
    const menu = await h.say(CUSTOMER, "/start");
    for (const forged of ["1:lng:xx", "1:lng:en:x", "1:ask:evil", "1:chk:<b>", "1:urm:zz"]) {
      expect(await pressAndGetAnswer(h, menu.message_id, forged)).toContain(EXPIRED);
    }
    expect((await h.app.deps.users.get(`telegram:${CUSTOMER}`))?.lang).not.toBe("en");
    // Still answered in Vietnamese.
    expect(textOf(await h.say(CUSTOMER, "/help"))).toContain("Loa giúp gì được bạn?");
  });

  it("the bot's own buttons still work", async () => {
    const menu = await h.say(CUSTOMER, "/start");
    const english = await h.press(CUSTOMER, menu, h.button(menu, "English"));
    expect(textOf(english)).toMatch(/English/i);
    expect((await h.app.deps.users.get(`telegram:${CUSTOMER}`))?.lang).toBe("en");
    const menuEn = await h.say(CUSTOMER, "/start");
    const cost = await h.press(CUSTOMER, menuEn, h.button(menuEn, /cost|free/i));
    expect(textOf(cost)).not.toContain(EXPIRED);
    const card = await h.say(CUSTOMER, "when is it in lai chau");
    const reminded = await h.press(CUSTOMER, card, h.button(card, /Remind/i));
    expect(textOf(reminded)).toContain("Reminders on: Lai Chau");
  });
});
