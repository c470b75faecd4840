import { describe, expect, it } from "vitest";
import { createSettableClock } from "../../src/playground/clock.js";

describe("the playground's settable clock", () => {
  it("follows real time until an instant is chosen, then runs on from it", () => {
    let real = Date.parse("2026-01-01T00:00:00Z");
    const clock = createSettableClock(undefined, () => real);
    expect(clock.isReal()).toBe(true);
    expect(clock.now().toISOString()).toBe("2026-01-01T00:00:00.000Z");

    clock.set(new Date("2013-10-30T09:00:00+07:00"));
    real += 90_000;
    expect(clock.isReal()).toBe(false);
    expect(clock.now().toISOString()).toBe("2013-10-30T02:01:30.000Z");

    clock.set(undefined);
    expect(clock.now().getTime()).toBe(real);
  });

  it("starts at BOT_CLOCK when one is configured", () => {
    const clock = createSettableClock(new Date("2013-11-01T08:00:00+07:00"), () => 0);
    expect(clock.now().toISOString()).toBe("2013-11-01T01:00:00.000Z");
    expect(clock.isReal()).toBe(false);
  });
});
