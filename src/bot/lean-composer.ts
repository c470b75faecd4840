/**
 * A grammY `Composer` that runs its middleware from a flat list instead of grammY's chain of
 * nested async closures, and whose `filter` — and so `on`, `command`, `hears`, `callbackQuery`,
 * `chatType`, which all go through it — checks a synchronous predicate without a promise.
 *
 * Why: grammY's `use` wraps each registration in two async functions (`concat`), and its `filter`
 * goes through `branch` → `lazy`, which builds a new `Composer` per update at every filter passed.
 * A customer's question walks past a few hundred registrations before it is answered; those
 * short-lived closures and promises were a third of everything the bot allocated in a burst
 * (sampling heap profile, `bench:scale` lifted section) and their garbage collection a fifth of
 * its CPU.
 *
 * Same behaviour as grammY's otherwise: registrations run in order, `next()` runs the rest and
 * resolves when it is over, calling `next` twice rejects, async predicates are awaited, and
 * middleware registered on a returned composer after the bot started is still seen.
 */
import { Composer, type Context, type Middleware, type MiddlewareFn } from "grammy";

type MaybePromise<T> = T | Promise<T>;

const settled: Promise<void> = Promise.resolve();

const asPromise = (result: unknown): Promise<void> =>
  result instanceof Promise
    ? (result as Promise<void>)
    : result === undefined
      ? settled
      : Promise.resolve(result).then(() => undefined);

/**
 * One registration: middleware, or a filter's predicate and what runs when it matches. Filters
 * that do not match are skipped in a loop, without a `next` closure or a promise: most of the
 * registrations an update passes are commands and buttons it is not.
 */
interface Entry<C extends Context> {
  predicate?: ((ctx: C) => MaybePromise<unknown>) | undefined;
  run: MiddlewareFn<C>;
}

/** One run of a list for one update: the registrations from `index` on, then `last`. */
class Dispatch<C extends Context> {
  constructor(
    private readonly list: ReadonlyArray<Entry<C>>,
    private readonly ctx: C,
    private readonly last: () => Promise<void>,
  ) {}

  from(start: number): Promise<void> {
    const { list, ctx } = this;
    for (let index = start; index < list.length; index++) {
      const entry = list[index] as Entry<C>;
      if (entry.predicate === undefined) return this.call(entry, index);
      let match: unknown;
      try {
        match = entry.predicate(ctx);
      } catch (error) {
        return Promise.reject(error);
      }
      if (match instanceof Promise) return this.later(match, entry, index);
      if (match) return this.call(entry, index);
    }
    return this.last();
  }

  private later(match: Promise<unknown>, entry: Entry<C>, index: number): Promise<void> {
    return match.then((yes) => (yes ? this.call(entry, index) : this.from(index + 1)));
  }

  private call(entry: Entry<C>, index: number): Promise<void> {
    let called = false;
    try {
      // `next` is written in place, not as a named constant: tsx (how the bot runs) keeps
      // function names by defining `name` on every named closure it creates, once per call.
      return asPromise(
        entry.run(this.ctx, () => {
          if (called) return Promise.reject(new Error("`next` already called before!"));
          called = true;
          return this.from(index + 1);
        }),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/**
 * Calls the entries in order, each one's `next` being the rest of them. One plain registration
 * is returned as it is (every `use` makes a composer of one), so wrapping costs nothing per update.
 */
function compose<C extends Context>(list: ReadonlyArray<Entry<C>>): MiddlewareFn<C> {
  const only = list.length === 1 ? list[0] : undefined;
  if (only && only.predicate === undefined) return only.run;
  return (ctx, last) => new Dispatch(list, ctx, last).from(0);
}

/** Drop-in for `new Composer<C>()` in the bot's features and at its root. */
export class LeanComposer<C extends Context> extends Composer<C> {
  private readonly list: Array<Entry<C>>;
  private compiled: MiddlewareFn<C> | undefined;

  constructor(...middleware: Array<Middleware<C>>) {
    super();
    this.list = middleware.map((mw) => ({ run: flatten(mw) }));
  }

  override middleware(): MiddlewareFn<C> {
    this.compiled ??= compose(this.list);
    return this.compiled;
  }

  override use(...middleware: Array<Middleware<C>>): Composer<C> {
    return this.add(undefined, new LeanComposer<C>(...middleware));
  }

  override filter<D extends C>(
    predicate: (ctx: C) => ctx is D,
    ...middleware: Array<Middleware<D>>
  ): Composer<D>;
  override filter(
    predicate: (ctx: C) => MaybePromise<boolean>,
    ...middleware: Array<Middleware<C>>
  ): Composer<C>;
  override filter(
    predicate: (ctx: C) => MaybePromise<boolean>,
    ...middleware: Array<Middleware<C>>
  ): Composer<C> {
    return this.add(predicate, new LeanComposer<C>(...middleware));
  }

  /** Appends `composer` (run when `predicate` matches, if any); it may still grow afterwards. */
  private add(predicate: Entry<C>["predicate"], composer: LeanComposer<C>): LeanComposer<C> {
    this.list.push({ predicate, run: flatten(composer) });
    this.compiled = undefined;
    return composer;
  }
}

function flatten<C extends Context>(middleware: Middleware<C>): MiddlewareFn<C> {
  return typeof middleware === "function"
    ? middleware
    : (ctx, next) => middleware.middleware()(ctx, next);
}
