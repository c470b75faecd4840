/**
 * Handoff with a coordinators' group (`COORDINATOR_CHAT_ID`), end to end through the emulator:
 * the customer's question arrives in the group with "💬 Trả lời", a coordinator answers there
 * by replying to the prompt, and the customer gets the answer threaded under their question;
 * the answer is audited. Group members who are not coordinators cannot answer.
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const OWNER = 900;
const COORDINATOR = 901;
const MEMBER = 555;
const CUSTOMER = 770;
const GROUP = -1009876;

describe("handoff in the coordinators' group (end to end)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [OWNER], coordinatorChatId: String(GROUP) });
    h.user(OWNER, { first_name: "Chủ", language_code: "vi" });
    h.user(COORDINATOR, { first_name: "Lan", language_code: "vi" });
    h.user(MEMBER, { first_name: "Khách nhóm", language_code: "vi" });
    h.user(CUSTOMER, { first_name: "Bà Hoa", language_code: "vi" });
    h.emulator.addGroup(GROUP, "Điều phối viên");
    expect(textOf(await h.say(OWNER, `/addadmin ${COORDINATOR} Lan`))).toContain(
      String(COORDINATOR),
    );
  });
  afterAll(async () => {
    await h.stop();
  });

  it("the question reaches the group, a coordinator replies there, the customer gets it threaded", async () => {
    const ticket = h.emulator.waitForBotMessage(GROUP, (m) => textOf(m).includes("tư vấn viên"));
    const asked = h.emulator.waitForBotMessage(CUSTOMER);
    h.emulator.sendText(CUSTOMER, "Cho tôi nói chuyện với tư vấn viên");
    const question = h.emulator.messages(CUSTOMER).at(-1) as Message;
    expect(textOf(await asked)).toContain("Loa đã chuyển câu hỏi của bạn cho điều phối viên");
    const card = await ticket;
    expect(textOf(card)).toContain("Bà Hoa");
    // The group gets it instead of every coordinator's private chat.
    for (const id of [OWNER, COORDINATOR]) {
      expect(h.emulator.messages(id).some((m) => textOf(m).includes("tư vấn viên"))).toBe(false);
    }

    // A group member who is not a coordinator gets no prompt.
    const refused = h.emulator.waitForCall("answerCallbackQuery");
    const before = h.emulator.messages(GROUP).length;
    h.emulator.pressGroupButton(GROUP, MEMBER, card.message_id, h.button(card, "💬 Trả lời"));
    await refused;
    expect(h.emulator.messages(GROUP)).toHaveLength(before);

    const promptShown = h.emulator.waitForBotMessage(GROUP, (m) => textOf(m).includes("Trả lời"));
    h.emulator.pressGroupButton(GROUP, COORDINATOR, card.message_id, h.button(card, "💬 Trả lời"));
    const prompt = await promptShown;
    expect(textOf(prompt)).toContain("Trả lời Bà Hoa");
    // Presses in one chat are handled in order: the member's press made no prompt.
    const prompts = h.emulator.messages(GROUP).filter((m) => textOf(m).includes("Trả lời Bà Hoa"));
    expect(prompts).toHaveLength(1);

    // The member's reply to the prompt is not passed on; the coordinator's is.
    const ignored = h.emulator.sendGroupText(
      GROUP,
      MEMBER,
      "Tôi không phải điều phối viên",
      prompt.message_id,
    );
    expect(ignored.update_id).toBeGreaterThan(0);
    const delivered = h.emulator.waitForBotMessage(CUSTOMER, (m) =>
      textOf(m).includes("Điều phối viên"),
    );
    const threaded = h.emulator.waitForCall(
      "sendMessage",
      (c) =>
        String(c.payload.chat_id) === String(CUSTOMER) &&
        JSON.stringify(c.payload).includes("cháu là Lan"),
    );
    const confirmed = h.emulator.waitForBotMessage(GROUP, (m) => textOf(m).includes("Đã gửi"));
    h.emulator.sendGroupText(
      GROUP,
      COORDINATOR,
      "Chào bác Hoa, cháu là Lan. Bác cần hỏi gì ạ?",
      prompt.message_id,
    );
    expect(textOf(await confirmed)).toContain("Đã gửi câu trả lời cho Bà Hoa");
    const received = textOf(await delivered);
    expect(received).toContain("«Cho tôi nói chuyện với tư vấn viên»");
    expect(received).toContain("Chào bác Hoa, cháu là Lan. Bác cần hỏi gì ạ?");
    expect(JSON.stringify((await threaded).payload)).toContain(
      `"message_id":${question.message_id}`,
    );
    const answers = h.emulator
      .messages(CUSTOMER)
      .filter((m) => textOf(m).includes("Điều phối viên trả lời"));
    expect(answers.map(textOf).join("\n")).not.toContain("Tôi không phải điều phối viên");

    const audit = await h.app.deps.admin.audit.recent(20);
    const replies = audit.filter((e) => e.action === "handoff.reply");
    expect(replies.map((e) => e.actorId)).toEqual([COORDINATOR]);
    expect(audit.some((e) => e.action === "handoff.request")).toBe(true);
  });
});
