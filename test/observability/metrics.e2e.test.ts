/** What `/metrics` reports after customers talk to the bot and a broadcast goes out. */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";

const value = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("metrics", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("counts updates, answered and unanswered questions, and broadcast sends", async () => {
    h = await startHarness({ adminIds: [900] });
    h.user(501);
    h.user(900);
    await h.say(501, "Lai Châu ngày nào?");
    await h.say(501, "giá vàng hôm nay bao nhiêu");
    await h.say(501, "/theodoi lai chau");
    const { engine } = h.app.deps.delivery;
    const job = await engine.create({
      audience: { kind: "all" },
      recipients: [{ key: "telegram:501", channel: "telegram", chatId: "501", lang: "vi" }],
      content: { html: "Thông báo" },
      createdBy: "telegram:900",
    });
    await engine.start(job?.id ?? "");
    await engine.settled(job?.id ?? "");
    const text = await h.app.metrics.render();
    expect(value(text, 'loa_updates_handled_total{outcome="ok"}')).toBe(3);
    expect(value(text, "loa_answer_seconds_count")).toBe(3);
    expect(value(text, 'loa_questions_total{answered="true"}')).toBe(1);
    expect(value(text, 'loa_questions_total{answered="false"}')).toBe(1);
    expect(value(text, 'loa_broadcast_sends_total{result="sent"}')).toBe(1);
    expect(value(text, "loa_broadcast_remaining")).toBe(0);
    expect(h.app.metrics.contentType).toContain("text/plain");
  });
});
