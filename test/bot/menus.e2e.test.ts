/** The command menus, as Telegram receives them (setMyCommands through the emulator). */
import { afterEach, describe, expect, it } from "vitest";
import type { RecordedCall } from "../../src/emulator/types.js";
import { type Harness, startHarness } from "../support/harness.js";

const COORDINATOR = 900;
const commandsOf = (call: RecordedCall) => {
  const raw = call.payload.commands;
  const list = (typeof raw === "string" ? JSON.parse(raw) : raw) as Array<{ command: string }>;
  return list.map((c) => c.command);
};

describe("command menus", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("customers see one of /events and /lich; coordinators' menu includes /cancel", async () => {
    const startup = (predicate: (call: RecordedCall) => boolean) =>
      new Promise<RecordedCall>((resolve) => {
        const check = () => {
          const found = h?.emulator.calls.find((c) => c.method === "setMyCommands" && predicate(c));
          if (found) resolve(found);
          else setTimeout(check, 20);
        };
        check();
      });
    h = await startHarness({ adminIds: [COORDINATOR] });
    const customers = await startup((c) => c.payload.scope === undefined);
    const customerMenu = commandsOf(customers);
    expect(customerMenu).toContain("events");
    expect(customerMenu).not.toContain("lich");
    expect(customerMenu).toContain("cancel");
    const coordinator = await startup((c) => JSON.stringify(c.payload).includes(`${COORDINATOR}`));
    const coordinatorMenu = commandsOf(coordinator);
    expect(coordinatorMenu).toEqual(expect.arrayContaining(["cancel", "newevent", "events"]));
    expect(coordinatorMenu).not.toContain("lich");
  });
});
