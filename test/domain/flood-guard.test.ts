import { describe, expect, it } from "vitest";
import { createFloodGuard } from "../../src/domain/flood-guard.js";

describe("flood guard", () => {
  it("passes up to the limit, warns once, drops the rest until the window ends", () => {
    const guard = createFloodGuard({ limit: 3, windowMs: 60_000 });
    const t0 = new Date("2030-01-01T00:00:00Z");
    const verdicts = Array.from({ length: 6 }, () => guard.check("a", t0));
    expect(verdicts).toEqual(["pass", "pass", "pass", "warn", "drop", "drop"]);
    // Another user is not affected.
    expect(guard.check("b", t0)).toBe("pass");
    expect(guard.check("a", new Date(t0.getTime() + 60_000))).toBe("pass");
  });

  it("keeps its memory bounded by forgetting finished windows", () => {
    const guard = createFloodGuard({ limit: 1, windowMs: 1000, maxTracked: 2 });
    const t0 = new Date("2030-01-01T00:00:00Z");
    guard.check("a", t0);
    guard.check("b", t0);
    const later = new Date(t0.getTime() + 5000);
    expect(guard.check("c", later)).toBe("pass");
    expect(guard.check("a", later)).toBe("pass");
  });
});
