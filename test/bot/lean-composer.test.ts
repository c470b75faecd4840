/**
 * LeanComposer runs the bot's middleware: it must behave as grammY's Composer does, because
 * every feature (and the session and conversations plugins at the root) relies on it.
 */
import { Composer, type Context, type Middleware } from "grammy";
import { describe, expect, it } from "vitest";
import { LeanComposer } from "../../src/bot/lean-composer.js";

type Log = string[];
const ctx = {} as Context;

/** Builds the same registrations on a composer and returns what running them logged. */
async function runOn(
  make: () => Composer<Context>,
  build: (composer: Composer<Context>, log: Log) => void,
): Promise<{ log: Log; error?: string }> {
  const log: Log = [];
  const composer = make();
  build(composer, log);
  try {
    await composer.middleware()(ctx, async () => {
      log.push("end");
    });
    return { log };
  } catch (error) {
    return { log, error: (error as Error).message };
  }
}

const cases: Record<string, (composer: Composer<Context>, log: Log) => void> = {
  "order, and next resolving after the rest": (c, log) => {
    c.use(async (_ctx, next) => {
      log.push("a>");
      await next();
      log.push("<a");
    });
    c.use((_ctx, next) => {
      log.push("b");
      return next();
    });
    c.use(async (_ctx, next) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push("c");
      await next();
    });
  },
  "a handler that does not call next stops the chain": (c, log) => {
    c.use(() => {
      log.push("answered");
    });
    c.use(() => {
      log.push("never");
    });
  },
  "sync and async predicates, matching or not": (c, log) => {
    c.filter(
      () => false,
      () => void log.push("sync-no"),
    );
    c.filter(
      async () => false,
      () => void log.push("async-no"),
    );
    c.filter(
      async () => true,
      (_ctx, next) => {
        log.push("async-yes");
        return next();
      },
    );
    c.filter(
      () => true,
      () => void log.push("sync-yes"),
    );
  },
  "registrations on a returned composer after the first run": (c, log) => {
    const inner = c.use();
    inner.use((_ctx, next) => {
      log.push("inner");
      return next();
    });
    c.use((_ctx, next) => {
      log.push("outer");
      return next();
    });
  },
  "next called twice rejects": (c, log) => {
    c.use(async (_ctx, next) => {
      await next();
      await next();
    });
    c.use((_ctx, next) => {
      log.push("rest");
      return next();
    });
  },
  "a synchronous throw becomes the chain's rejection": (c, log) => {
    c.use((_ctx, next) => {
      log.push("before");
      return next();
    });
    c.use(() => {
      throw new Error("boom");
    });
  },
  "nested composers as middleware objects": (c, log) => {
    const feature = new Composer<Context>();
    feature.use((_ctx, next) => {
      log.push("feature");
      return next();
    });
    c.use(feature as Middleware<Context>);
    c.use((_ctx, next) => {
      log.push("after");
      return next();
    });
  },
};

describe("LeanComposer", () => {
  for (const [name, build] of Object.entries(cases)) {
    it(`behaves as grammY's Composer: ${name}`, async () => {
      const lean = await runOn(() => new LeanComposer<Context>(), build);
      const grammy = await runOn(() => new Composer<Context>(), build);
      expect(lean).toEqual(grammy);
      expect(lean.log.length + (lean.error ? 1 : 0)).toBeGreaterThan(0);
    });
  }

  it("sees middleware registered on a returned composer after it already ran", async () => {
    const root = new LeanComposer<Context>();
    const inner = root.use();
    const log: Log = [];
    await root.middleware()(ctx, async () => void log.push("end"));
    inner.use(() => void log.push("late"));
    await root.middleware()(ctx, async () => void log.push("end"));
    expect(log).toEqual(["end", "late"]);
  });
});
