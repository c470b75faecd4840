/**
 * A coordinator removed while a wizard is open gets no further: every step re-checks the role,
 * and /removeadmin ends their open coordinator conversations (end to end through the emulator).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const OWNER = 900;
const COORDINATOR = 901;

describe("removing a coordinator stops their open admin conversations", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ adminIds: [OWNER] });
    h.user(OWNER, { first_name: "Chủ", language_code: "vi" });
    h.user(COORDINATOR, { first_name: "Lan", language_code: "vi" });
    await h.say(OWNER, `/addadmin ${COORDINATOR} Lan`);
  });
  afterEach(async () => {
    await h.stop();
  });

  it("the next /newevent answer is refused once the role is gone, however it was removed", async () => {
    const ask = await h.say(COORDINATOR, "/newevent");
    expect(textOf(ask)).toContain("Tỉnh nào?");
    // Removed behind the bot's back (another instance, an import): only the step check stops it.
    await h.app.deps.admin.roles.remove(OWNER, COORDINATOR);
    const answer = await h.say(COORDINATOR, "lai chau");
    expect(textOf(answer)).toContain("không còn là điều phối viên");
    expect(textOf(answer)).not.toContain("Ngày nào?");
    // The wizard is over: the next message is an ordinary customer message.
    const next = await h.say(COORDINATOR, "01/12/2013");
    expect(textOf(next)).not.toContain("Mấy giờ?");
  });

  it("/removeadmin ends an open /broadcast composer: no audience count is shown", async () => {
    await h.say(COORDINATOR, "/broadcast");
    const audience = await h.say(COORDINATOR, "Chào bà con");
    expect(textOf(audience)).toContain("Gửi cho ai?");
    expect(textOf(await h.say(OWNER, `/removeadmin ${COORDINATOR}`))).toContain("Đã bỏ quyền");
    const stored = await h.app.deps.conversationStorage.read(String(COORDINATOR));
    expect(Object.keys(stored?.state ?? {})).toEqual([]);
    h.emulator.pressButton(COORDINATOR, audience.message_id, h.button(audience, "Tất cả"));
    const deadline = Date.now() + 5000;
    while (!h.emulator.calls.some((c) => JSON.stringify(c).includes("hết hạn"))) {
      if (Date.now() > deadline) throw new Error("the button press was not answered");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(h.emulator.messages(COORDINATOR).some((m) => /— \d+ người/.test(textOf(m)))).toBe(false);
  });
});
