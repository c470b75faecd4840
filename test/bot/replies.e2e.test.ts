import { afterEach, describe, expect, it } from "vitest";
import { telegramRecipients } from "../support/broadcast-setup.js";
import { type Harness, startHarness, textOf } from "../support/harness.js";

/** Most calls in any sliding second ending at a call. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[start] as number) <= (sorted[end] as number) - 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe("answers to customers", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it("a reply that fails five times in a row still reaches the customer, without holding other chats", async () => {
    harness = await startHarness();
    const { emulator } = harness;
    harness.user(4001);
    harness.user(4002);
    emulator.injectFault({ method: "sendMessage", chatId: 4001, kind: "5xx", times: 4 });
    emulator.injectFault({ method: "sendMessage", chatId: 4001, kind: "network" });
    const late = emulator.waitForBotMessage(4001, () => true, 40_000);
    emulator.sendText(4001, "lai chau ngay nao");
    // Another chat is answered while the first one's answer is still being retried.
    const other = await harness.say(4002, "dien bien ngay nao");
    expect(textOf(other)).toContain("16/11/2013");
    expect(emulator.messages(4001).filter((m) => m.from?.is_bot)).toHaveLength(0);
    const answer = await late;
    expect(textOf(answer)).toContain("09/11/2013");
    // The real answer, not an apology.
    const fromBot = emulator
      .messages(4001)
      .filter((m) => m.from?.is_bot)
      .map(textOf);
    expect(fromBot).toHaveLength(1);
  }, 60_000);

  it("a 429 pauses every answer for exactly its retry_after, then the answer goes out", async () => {
    harness = await startHarness();
    const { emulator } = harness;
    harness.user(4011);
    emulator.injectFault({ method: "sendMessage", chatId: 4011, kind: "429", retryAfter: 2 });
    const reply = await harness.say(4011, "ha giang ngay nao");
    expect(textOf(reply)).toContain("02/11/2013");
    const sends = emulator.calls.filter((c) => c.method === "sendMessage");
    const [refused, accepted] = sends as [(typeof sends)[0], (typeof sends)[0]];
    expect(refused.response.ok).toBe(false);
    expect(accepted.at - refused.at).toBeGreaterThanOrEqual(2000);
  }, 30_000);

  it("replies do not wait behind a broadcast: both go out at once, the broadcast keeps its 30/s", async () => {
    harness = await startHarness();
    const { emulator, app } = harness;
    const recipients = telegramRecipients(240, 20_000);
    for (const r of recipients) emulator.addUser({ id: Number(r.chatId), first_name: r.key });
    const customers = Array.from({ length: 60 }, (_, i) => 30_000 + i);
    for (const id of customers) harness.user(id);
    const { engine } = app.deps.delivery;
    const job = await engine.create({
      audience: { kind: "all" },
      recipients,
      content: { html: "Lịch khám thay đổi" },
      createdBy: "telegram:1",
    });
    await engine.start(job?.id ?? "");
    // Let the broadcast reach its pace, then 60 customers write at once.
    await emulator.waitForCall("sendMessage", (c) => Number(c.payload.chat_id) >= 20_060, 10_000);
    const answers = customers.map((id) => emulator.waitForBotMessage(id, () => true, 20_000));
    for (const id of customers) emulator.sendText(id, "ha giang ngay nao");
    await Promise.all(answers);
    await engine.settled(job?.id ?? "");
    const sends = emulator.calls.filter((c) => c.method === "sendMessage" && c.response.ok);
    const broadcast = sends.filter((c) => Number(c.payload.chat_id) < 30_000).map((c) => c.at);
    const all = sends.map((c) => c.at);
    // The broadcast lane alone stays at 30 a second (arrival times jitter by a few ms, hence
    // one of slack); with the replies on top of it some second carried far more: replies took
    // no broadcast tokens and waited for none.
    expect(busiestSecond(broadcast)).toBeLessThanOrEqual(31);
    expect(busiestSecond(all)).toBeGreaterThanOrEqual(45);
    expect((await engine.report(job?.id ?? ""))?.sent).toBe(240);
  }, 60_000);
});
