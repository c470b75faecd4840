/** Waiting for something the emulator reports (a bot message, an edit, a call), with a timeout. */
import type { EventEmitter } from "node:events";
import type { EmulatorEvents, RecordedCall } from "./types.js";

/**
 * Resolves with the first `event` that `pick` turns into a value; rejects after `timeoutMs`
 * saying what was awaited and the last calls the bot made (what it did instead).
 */
export function waitForEvent<K extends "message" | "call" | "edit", R>(
  emitter: EventEmitter<EmulatorEvents>,
  calls: readonly RecordedCall[],
  event: K,
  timeoutMs: number,
  what: string,
  pick: (...args: EmulatorEvents[K]) => R | undefined,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const listener = (...args: EmulatorEvents[K]) => {
      const picked = pick(...args);
      if (picked === undefined) return;
      clearTimeout(timer);
      emitter.off(event, listener as never);
      resolve(picked);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener as never);
      const recent = calls
        .slice(-5)
        .map(
          (c) =>
            `${c.method} ${JSON.stringify(c.payload).slice(0, 200)} -> ${JSON.stringify(c.response).slice(0, 120)}`,
        )
        .join("\n  ");
      reject(
        new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last calls:\n  ${recent}`),
      );
    }, timeoutMs);
    emitter.on(event, listener as never);
  });
}
