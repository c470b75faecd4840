/**
 * Loa in a group: answers only when addressed (mention or reply), and sends private-only flows
 * (eligibility check, subscriptions, /forgetme) to a private chat with a deep link that
 * continues there (end to end, the emulator playing a group chat).
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const GROUP = -100200300;
const MEMBER = 730;

function urlButtons(message: Message): string[] {
  return (message.reply_markup?.inline_keyboard ?? [])
    .flat()
    .flatMap((button) => ("url" in button && button.url ? [button.url] : []));
}

describe("Loa in a group chat", () => {
  let h: Harness;
  const groupSays = async (text: string, replyTo?: number) => {
    const next = h.emulator.waitForBotMessage(GROUP);
    h.emulator.sendGroupText(GROUP, MEMBER, text, replyTo);
    return next;
  };
  const botMessagesInGroup = () => h.emulator.messages(GROUP).filter((m) => m.from?.is_bot);
  beforeAll(async () => {
    h = await startHarness();
    h.user(MEMBER, { first_name: "Chú Sáu", language_code: "vi" });
    h.emulator.addGroup(GROUP, "Xóm Lai Châu");
  });
  afterAll(async () => {
    await h.stop();
  });

  let card: Message;
  it("answers only questions addressed to Loa", async () => {
    h.emulator.sendGroupText(GROUP, MEMBER, "lai chau ngay nao");
    card = await groupSays(`@${h.emulator.botUser.username} lai chau ngay nao`);
    expect(textOf(card)).toContain("09/11/2013");
    // The unaddressed message got no answer: the only bot message is the answer to the mention.
    expect(botMessagesInGroup()).toHaveLength(1);
    const cost = await groupSays("có mất tiền không", card.message_id);
    expect(textOf(cost)).toMatch(/miễn phí|không mất/i);
  });

  it("a chatty group is not told to slow down", async () => {
    const before = botMessagesInGroup().length;
    for (let n = 0; n < 30; n++) h.emulator.sendGroupText(GROUP, MEMBER, `chuyện phiếm ${n}`);
    const answer = await groupSays(`@${h.emulator.botUser.username} dien bien ngay nao`);
    expect(textOf(answer)).toContain("16/11/2013");
    expect(botMessagesInGroup().length).toBe(before + 1);
  });

  it("the eligibility button in a group links to the private chat instead of failing", async () => {
    const next = h.emulator.waitForBotMessage(GROUP);
    h.emulator.pressGroupButton(GROUP, MEMBER, card.message_id, h.button(card, "điều kiện"));
    const redirect = await next;
    expect(textOf(redirect)).toContain("tin nhắn riêng");
    expect(textOf(redirect)).not.toContain("trục trặc");
    const [link] = urlButtons(redirect);
    expect(link).toMatch(/^https:\/\/t\.me\/loa_bot\?start=check_lc13$/);
    // Following the link opens the private chat with /start check_lc13: the check begins.
    const step = await h.say(MEMBER, `/start ${link?.split("start=")[1]}`);
    expect(textOf(step)).toMatch(/Bước 1\//);
    await h.say(MEMBER, "/cancel");
  });

  it("private-only commands in a group get a deep link", async () => {
    for (const [command, payload] of [
      ["/check", "check"],
      ["/subscribe@loa_bot", "subs"],
      ["/forgetme", "forgetme"],
    ] as const) {
      const redirect = await groupSays(command);
      expect(urlButtons(redirect)).toEqual([`https://t.me/loa_bot?start=${payload}`]);
    }
    // /forgetme in a group deleted nothing; the link only explains what to type.
    expect(await h.app.deps.users.get(`telegram:${MEMBER}`)).toBeDefined();
    expect(textOf(await h.say(MEMBER, "/start forgetme"))).toContain("/forgetme");
    // /start subs lists what the user follows (nothing yet).
    expect(textOf(await h.say(MEMBER, "/start subs"))).toContain("Bạn chưa theo dõi gì. Bấm");
  });
});
