/**
 * One user sending very fast: a polite "slow down", commands and buttons still work, and the
 * coordinators' unanswered inbox grows by at most a fixed number per user per hour (end to end).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { MAX_UNANSWERED_PER_HOUR } from "../../src/domain/services/qa-service.js";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const FLOODER = 800;
const LONG_UNKNOWN = (n: number) => `câu hỏi lạ số ${n} ${"blah ".repeat(150)}`;

/**
 * Sends texts without waiting, then a command whose answer proves all were handled. Replies to
 * one chat are paced at Telegram's 1 message per second, so a burst takes about a second per
 * answer: the waits are generous.
 */
async function burst(h: Harness, texts: string[]): Promise<void> {
  const done = h.emulator.waitForBotMessage(
    FLOODER,
    (m) => textOf(m).includes("Lịch sắp tới"),
    90_000,
  );
  for (const text of texts) h.emulator.sendText(FLOODER, text);
  h.emulator.sendText(FLOODER, "/events");
  await done;
}

describe("a user sending very fast", () => {
  let h: Harness;
  let seedDir: string;
  beforeEach(async () => {
    // The seed with the per-chat send pace lifted, so a burst's answers are not paced at 1/s
    // (the pace is measured in bench/, not here).
    seedDir = await mkdtemp(join(tmpdir(), "loa-flood-seed-"));
    await cp(join(PROJECT_ROOT, "data"), seedDir, {
      recursive: true,
      filter: (src) => !src.includes("runtime"),
    });
    const settingsFile = join(seedDir, "settings.json");
    const settings = JSON.parse(await readFile(settingsFile, "utf8"));
    settings.broadcast.perChatPerSecond = 1000;
    await writeFile(settingsFile, JSON.stringify(settings));
    h = await startHarness({ seedDir });
    h.user(FLOODER, { first_name: "Spam", language_code: "vi" });
  });
  afterEach(async () => {
    await h.stop();
    await rm(seedDir, { recursive: true, force: true });
  });

  it("is asked once to slow down, and commands and buttons still work", {
    timeout: 180_000,
  }, async () => {
    const before = h.emulator.messages(FLOODER).length;
    await burst(
      h,
      Array.from({ length: 40 }, (_, n) => `ha giang ngay nao ${n}`),
    );
    const replies = h.emulator
      .messages(FLOODER)
      .slice(before)
      .filter((m) => m.from?.is_bot);
    const slowDown = replies.filter((m) => textOf(m).includes("Bạn đang gửi rất nhanh"));
    expect(slowDown).toHaveLength(1);
    // Far fewer answers than messages, but the command at the end was answered.
    expect(replies.length).toBeLessThan(30);
    // Typed answers to an open eligibility check still go through within the same minute.
    expect(textOf(await h.say(FLOODER, "/check"))).toContain("Bước 1/3");
    expect(textOf(await h.say(FLOODER, "lai chau"))).toContain("Bước 2/3");
    await h.say(FLOODER, "/cancel");
    const menu = await h.say(FLOODER, "/start");
    const list = await h.press(FLOODER, menu, h.button(menu, "Lịch sắp tới"));
    expect(textOf(list)).toContain("Lịch sắp tới");
    // A minute later questions are answered again.
    h.clock.advance(61_000);
    expect(textOf(await h.say(FLOODER, "lai chau ngay nao"))).toContain("09/11/2013");
  });

  it("adds at most a fixed number of unanswered questions per hour to the inbox", {
    timeout: 180_000,
  }, async () => {
    for (let round = 0; round < 3; round++) {
      await burst(
        h,
        Array.from({ length: 15 }, (_, n) => LONG_UNKNOWN(round * 100 + n)),
      );
      h.clock.advance(61_000);
    }
    // 45 unknown questions in three minutes; the inbox kept only the first ones.
    expect((await h.app.storage.unanswered.counts()).total).toBe(MAX_UNANSWERED_PER_HOUR);
    // An hour later the user's new questions reach the inbox again.
    h.clock.advance(60 * 60 * 1000);
    await burst(h, [LONG_UNKNOWN(999)]);
    expect((await h.app.storage.unanswered.counts()).total).toBe(MAX_UNANSWERED_PER_HOUR + 1);
  });
});
