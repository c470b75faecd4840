/**
 * Deep links end to end through the emulator: `/start <eventId>`, `/start check`,
 * `/start p_<province>`, and the coordinator's links and QR codes in `/events`.
 */
import type { Message } from "grammy/types";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";
import { readPng } from "../support/png.js";

const COORDINATOR = 900;

describe("deep links (end to end)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { language_code: "vi" });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("/start <eventId> opens the event's card with its buttons", async () => {
    h.user(750);
    const card = await h.say(750, "/start hg13");
    expect(textOf(card)).toContain("Hà Giang");
    expect(textOf(card)).toContain("Thứ Bảy, 02/11/2013");
    expect(textOf(card)).not.toContain("Xin chào");
    expect(h.button(card, "Nhắc tôi")).toBeTruthy();
  });

  it("/start check starts the eligibility check", async () => {
    h.user(751);
    expect(textOf(await h.say(751, "/start check"))).toContain("Bước 1/3");
  });

  it("/start p_<province> follows the province, former names included", async () => {
    h.user(752);
    expect(textOf(await h.say(752, "/start p_ha-giang"))).toContain("Hà Giang");
    const subs = await h.app.deps.delivery.subscriptions.listFor("telegram:752");
    expect(subs).toMatchObject([{ kind: "province", target: "ha-giang" }]);
  });

  it("an unknown payload gets the ordinary welcome", async () => {
    h.user(753);
    expect(textOf(await h.say(753, "/start khong-co-gi"))).toContain("Xin chào");
    expect(textOf(await h.say(753, "/start p_atlantis"))).toContain("Xin chào");
  });

  it("/events gives coordinators each event's link and a QR code image of it", async () => {
    const list = await h.say(COORDINATOR, "/events");
    const link = "https://t.me/loa_bot?start=hg13";
    expect(textOf(list)).toContain(link);
    expect(textOf(list)).toContain("https://t.me/loa_bot?start=check");
    const photo: Message = await h.press(COORDINATOR, list, h.button(list, "QR hg13"));
    expect(textOf(photo)).toContain(link);
    const fileId = photo.photo?.at(-1)?.file_id ?? "";
    const png = readPng(h.emulator.file(fileId)?.bytes ?? Buffer.alloc(0));
    // Every module of the QR code of the link is in the image, dark where it should be.
    const { modules } = QRCode.create(link, {});
    const margin = 2;
    const scale = png.width / (modules.size + margin * 2);
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        const x = Math.floor((margin + col + 0.5) * scale);
        const y = Math.floor((margin + row + 0.5) * scale);
        expect(png.dark(x, y)).toBe(modules.get(row, col) === 1);
      }
    }
  });
});
