/**
 * `/newevent` as one step message on Telegram, end to end through the emulator (real bot over
 * HTTP, real lowdb files): a press (a choice, Skip, Back) edits the step in place; a typed
 * answer brings the next step as a new message and the answered step loses its keyboard.
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const COORDINATOR = 901;

const botMessagesAfter = (h: Harness, chatId: number, afterId: number): Message[] =>
  h.emulator.messages(chatId).filter((m) => m.from?.is_bot && m.message_id > afterId);

const labels = (message: Message) =>
  (message.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);

/** Resolves once the bot answered a button press with `text` as a toast. */
async function toasted(h: Harness, text: string) {
  const call = await h.emulator.waitForCall("answerCallbackQuery", (c) =>
    String((c.payload as { text?: unknown }).text ?? "").includes(text),
  );
  return call;
}

describe("/newevent wizard on Telegram (end to end)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { first_name: "Lan", language_code: "vi" });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("edits the step in place on presses and Back, leaves no old keyboard, one message per typed answer", async () => {
    const start = await h.say(COORDINATOR, "/newevent");
    const startedAfter = start.message_id - 1;
    expect(textOf(start)).toContain("Tỉnh nào");
    expect(labels(start)).not.toContain("⬅️ Quay lại");

    const dateStep = await h.say(COORDINATOR, "son la");
    expect(textOf(dateStep)).toContain("Sơn La");
    expect(textOf(dateStep)).toContain("Ngày nào");
    // Back: the same message asks for the province again; the answer is forgotten.
    const provinceAgain = await h.pressEdit(COORDINATOR, dateStep, h.button(dateStep, "Quay lại"));
    expect(provinceAgain.message_id).toBe(dateStep.message_id);
    expect(textOf(provinceAgain)).toContain("Tỉnh nào");
    expect(textOf(provinceAgain)).not.toContain("Ngày nào");

    const dateAgain = await h.say(COORDINATOR, "lai chau");
    expect(textOf(dateAgain)).toContain("Lai Châu");
    const timeStep = await h.say(COORDINATOR, "24/11");
    expect(textOf(timeStep)).toContain("Chủ Nhật, 24/11/2013");
    expect(textOf(timeStep)).toContain("Mấy giờ");
    // Skip, then Back: both edit the time step's message.
    const venueStep = await h.pressEdit(COORDINATOR, timeStep, h.button(timeStep, "Bỏ qua"));
    expect(textOf(venueStep)).toContain("Tên địa điểm");
    const timeAgain = await h.pressEdit(COORDINATOR, venueStep, h.button(venueStep, "Quay lại"));
    expect(timeAgain.message_id).toBe(timeStep.message_id);
    expect(textOf(timeAgain)).toContain("Mấy giờ");

    let step = await h.say(COORDINATOR, "8h-11h");
    expect(textOf(step)).toContain("Tên địa điểm");
    // A button of an earlier step (crafted: its keyboard is gone) is refused, nothing changes.
    const before = h.emulator.messages(COORDINATOR).length;
    h.emulator.pressButton(COORDINATOR, timeStep.message_id, h.button(timeStep, "Bỏ qua"));
    await toasted(h, "Bước này đã xong");
    expect(h.emulator.messages(COORDINATOR)).toHaveLength(before);

    const lastStep = step.message_id;
    step = await h.pressEdit(COORDINATOR, step, h.button(step, "Bỏ qua")); // venue
    expect(textOf(step)).toContain("Địa chỉ");
    step = await h.pressEdit(COORDINATOR, step, h.button(step, "Bỏ qua")); // address
    expect(textOf(step)).toContain("vị trí");
    step = await h.pressEdit(COORDINATOR, step, h.button(step, "Bỏ qua")); // map pin
    expect(textOf(step)).toContain("Dịch vụ");
    step = await h.pressEdit(COORDINATOR, step, h.button(step, "Giữ nguyên")); // services
    expect(textOf(step)).toContain("Ghi chú");
    const preview = await h.pressEdit(COORDINATOR, step, h.button(step, "Bỏ qua")); // notes
    expect(preview.message_id).toBe(lastStep);
    expect(textOf(preview)).toContain("Xem trước");
    expect(textOf(preview)).toContain("Lai Châu");
    expect(textOf(preview)).not.toContain("Sơn La");
    expect(textOf(preview)).toContain("08:00–11:00");

    // Five messages for four typed answers and nine presses; only the preview has buttons.
    const shown = botMessagesAfter(h, COORDINATOR, startedAfter);
    expect(shown.map((m) => m.message_id)).toEqual([
      start.message_id,
      dateStep.message_id,
      dateAgain.message_id,
      timeStep.message_id,
      lastStep,
    ]);
    for (const old of shown.slice(0, -1)) expect(old.reply_markup).toBeUndefined();
    expect(labels(shown.at(-1) as Message)).toEqual(
      expect.arrayContaining(["✅ Xác nhận", "✏️ Sửa", "✖️ Hủy"]),
    );

    const created = await h.press(COORDINATOR, preview, h.button(preview, "Xác nhận"));
    expect(textOf(created)).toMatch(/Đã tạo sự kiện lc13/);
  });

  it("after a restart the open step is still edited in place", async () => {
    await h.say(COORDINATOR, "/newevent");
    const dateStep = await h.say(COORDINATOR, "dien bien");
    await h.restart();
    const back = await h.pressEdit(COORDINATOR, dateStep, h.button(dateStep, "Quay lại"));
    expect(textOf(back)).toContain("Tỉnh nào");
    const next = await h.say(COORDINATOR, "lai chau");
    expect(textOf(next)).toContain("Lai Châu");
    const old = h.emulator.messages(COORDINATOR).find((m) => m.message_id === dateStep.message_id);
    expect(old?.reply_markup).toBeUndefined();
    expect(textOf(await h.say(COORDINATOR, "/cancel"))).toContain("Đã hủy");
  });

  it("/cancel in the middle removes the open step's keyboard", async () => {
    await h.say(COORDINATOR, "/newevent");
    const dateStep = await h.say(COORDINATOR, "dien bien");
    expect(h.button(dateStep, "Quay lại")).toBeTruthy();
    expect(textOf(await h.say(COORDINATOR, "/cancel"))).toContain("Đã hủy");
    const old = h.emulator.messages(COORDINATOR).find((m) => m.message_id === dateStep.message_id);
    expect(old?.reply_markup).toBeUndefined();
  });
});
