/**
 * Talking to a person, end to end: a customer on Telegram or Zalo asks for a human, the
 * coordinators get the question with "💬 Trả lời", and the reply reaches the customer through
 * Loa, threaded and audited. The same buttons on `/unanswered`, plus "📚 Dạy Loa" (FAQ).
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZaloEmulator, zaloId } from "../../src/emulator/zalo-emulator.js";
import { createZaloChannel } from "../../src/zalo/channel.js";
import { ZaloClient } from "../../src/zalo/client.js";
import { type Stoppable, startZaloPolling } from "../../src/zalo/runner.js";
import { createZaloTransport } from "../../src/zalo/transport.js";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const OWNER = 900;

describe("handoff to a person (end to end)", () => {
  let h: Harness;
  let zalo: ZaloEmulator;
  let polling: Stoppable;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [OWNER] });
    h.user(OWNER, { first_name: "Lan", language_code: "vi" });
    zalo = new ZaloEmulator();
    await zalo.start();
    const client = new ZaloClient(zalo.token, zalo.apiRoot);
    h.app.deps.delivery.engine.attach(createZaloTransport(client));
    const channel = await createZaloChannel(h.app.deps, client, h.app.storage.zalo);
    polling = startZaloPolling(client, channel, h.app.deps.logger);
  });
  afterAll(async () => {
    await polling.stop();
    await zalo.stop();
    await h.stop();
  });

  /** Replies (Telegram "Reply") to the coordinator's prompt with `text`. */
  async function answerPrompt(prompt: Message, text: string): Promise<Message> {
    const next = h.emulator.waitForBotMessage(OWNER, (m) => /Đã gửi|Loa đã học/.test(textOf(m)));
    h.emulator.replyText(OWNER, prompt.message_id, text);
    return next;
  }

  it("a Telegram customer asking for a person gets the contact, and the coordinator's reply reaches them threaded", async () => {
    h.user(760, { first_name: "Bà Hoa", language_code: "vi" });
    const ticket = h.emulator.waitForBotMessage(OWNER, (m) => textOf(m).includes("gặp người thật"));
    const asked = h.emulator.waitForBotMessage(760);
    h.emulator.sendText(760, "Cho tôi gặp người thật với");
    const question = h.emulator.messages(760).at(-1) as Message;
    const answer = textOf(await asked);
    expect(answer).toContain("Loa đã chuyển câu hỏi của bạn cho điều phối viên");
    expect(answer).toContain("Tổng đài Viettel 198");
    const card = await ticket;
    expect(textOf(card)).toContain("Bà Hoa");
    expect(textOf(card)).toContain("«Cho tôi gặp người thật với»");

    const prompt = await h.press(OWNER, card, h.button(card, "💬 Trả lời"));
    expect(textOf(prompt)).toContain("Trả lời Bà Hoa");
    expect(prompt.reply_markup).toBeUndefined(); // force reply, not buttons
    const delivered = h.emulator.waitForBotMessage(760, (m) =>
      textOf(m).includes("Điều phối viên"),
    );
    const reply = h.emulator.waitForCall("sendMessage", (c) =>
      JSON.stringify(c.payload).includes("Chào bác Hoa"),
    );
    const done = await answerPrompt(prompt, "Chào bác Hoa, cháu là Lan. Bác cần hỏi gì ạ?");
    expect(textOf(done)).toContain("Đã gửi câu trả lời cho Bà Hoa");
    const received = textOf(await delivered);
    expect(received).toContain("«Cho tôi gặp người thật với»");
    expect(received).toContain("Chào bác Hoa, cháu là Lan. Bác cần hỏi gì ạ?");
    // Threaded under the customer's own message.
    expect(JSON.stringify((await reply).payload)).toContain(`"message_id":${question.message_id}`);
    const audit = await h.app.deps.admin.audit.recent(10);
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(["handoff.request", "handoff.reply"]),
    );
  });

  it("an English customer gets the English answer", async () => {
    h.user(761, { language_code: "en" });
    const answer = textOf(await h.say(761, "Can I talk to a human please?"));
    expect(answer).toContain("passed your question to a coordinator");
    expect(answer).toContain("Viettel hotline 198");
  });

  it("a Zalo customer's request reaches the coordinator, and the reply comes back on Zalo", async () => {
    const user = zaloId();
    const ticket = h.emulator.waitForBotMessage(OWNER, (m) => textOf(m).includes("tu van vien"));
    const answered = zalo.waitForBotMessage(user);
    await zalo.sendText(user, "toi muon gap tu van vien");
    expect(await answered).toContain("Loa đã chuyển câu hỏi của bạn cho điều phối viên");
    const card = await ticket;
    expect(textOf(card)).toContain("(zalo)");
    const prompt = await h.press(OWNER, card, h.button(card, "💬 Trả lời"));
    const onZalo = zalo.waitForBotMessage(user, (text) => text.includes("Chào anh"));
    await answerPrompt(prompt, "Chào anh, chương trình miễn phí ạ.");
    const text = await onZalo;
    expect(text).toContain("Điều phối viên trả lời câu hỏi của bạn");
    expect(text).toContain("Chào anh, chương trình miễn phí ạ.");
    expect(text).not.toContain("<b>");
  });

  it("/unanswered: 💬 answers everyone who asked and 📚 teaches Loa (an FAQ entry of the programme)", async () => {
    h.user(762, { first_name: "Ông Ba" });
    h.user(763, { first_name: "Chị Tư" });
    await h.say(762, "có chỗ gửi xe máy không");
    await h.say(763, "co cho gui xe may ko");
    let list = await h.say(OWNER, "/unanswered");
    expect(textOf(list)).toContain("2×");
    let prompt = await h.press(OWNER, list, h.button(list, "💬 1"));
    const first = h.emulator.waitForBotMessage(762, (m) => textOf(m).includes("Điều phối viên"));
    const second = h.emulator.waitForBotMessage(763, (m) => textOf(m).includes("Điều phối viên"));
    const done = await answerPrompt(prompt, "Có bãi gửi xe miễn phí cạnh trạm y tế.");
    expect(textOf(done)).toContain("2 người");
    expect(textOf(await first)).toContain("«có chỗ gửi xe máy không»");
    expect(textOf(await second)).toContain("«co cho gui xe may ko»");
    expect(textOf(await h.say(OWNER, "/unanswered"))).not.toContain("gửi xe");

    await h.say(762, "có bán bánh mì không");
    list = await h.say(OWNER, "/unanswered");
    prompt = await h.press(OWNER, list, h.button(list, "📚 1"));
    expect(textOf(prompt)).toContain("Dạy Loa");
    const taught = await answerPrompt(prompt, "Không bán, bà con mang theo đồ ăn nhẹ.");
    expect(textOf(taught)).toContain("Loa đã học");
    const [programme] = await h.app.deps.admin.programmes.list();
    // Beside the seed's own entries (the 2013 tour's Privilege note).
    expect(programme?.faq).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          questions: ["có bán bánh mì không"],
          answer: { vi: "Không bán, bà con mang theo đồ ăn nhẹ." },
          addedBy: OWNER,
        }),
      ]),
    );
    const audit = await h.app.deps.admin.audit.recent(5);
    expect(audit.map((e) => e.action)).toContain("faq.add");
    // Survives a restart (the programme repository wrote it to disk).
    await h.restart();
    const after = (await h.app.deps.admin.programmes.list())[0]?.faq ?? [];
    expect(after.map((f) => f.answer.vi)).toContain("Không bán, bà con mang theo đồ ăn nhẹ.");
  });
});
