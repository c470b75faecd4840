/** The only source of "now" for the domain and the bot. Tests and demos move it. */
export interface Clock {
  now(): Date;
}

/** Real time, optionally shifted so that start-up happens at `startAt` and time runs on from there. */
export function createClock(startAt?: Date, realNow: () => number = Date.now): Clock {
  const offset = startAt ? startAt.getTime() - realNow() : 0;
  return { now: () => new Date(realNow() + offset) };
}

/** A clock that only moves when told to; for tests and benchmarks. */
export interface ManualClock extends Clock {
  set(instant: Date): void;
  advance(ms: number): void;
}

/** Creates a {@link ManualClock} starting at `start`. */
export function createManualClock(start: Date): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (instant) => {
      current = instant.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
