import { Composer } from "grammy";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { BotContext } from "../../../src/bot/context.js";
import { adminGate, adminTarget, commandOf } from "../../../src/bot/filters/is-admin.js";
import type { AuditInput } from "../../../src/domain/admin/audit.js";

function fakeCtx(fromId: number, update: { text?: string; data?: string }, audited: AuditInput[]) {
  return {
    from: { id: fromId, first_name: "X" },
    chat: { id: fromId, type: "private" },
    message: update.text !== undefined ? { text: update.text } : undefined,
    callbackQuery: update.data !== undefined ? { data: update.data } : undefined,
    log: pino({ level: "silent" }),
    deps: {
      clock: { now: () => new Date(0) },
      admin: {
        roles: { isCoordinator: async (id: number) => id === 1 },
        audit: { record: async (entry: AuditInput) => void audited.push(entry) },
      },
    },
  } as unknown as BotContext;
}

async function run(fromId: number, update: { text?: string; data?: string }) {
  const audited: AuditInput[] = [];
  const inner = new Composer<BotContext>();
  let innerRan = false;
  inner.use(() => {
    innerRan = true;
  });
  let passedOn = false;
  await adminGate(inner)(fakeCtx(fromId, update, audited), async () => {
    passedOn = true;
  });
  return { audited, innerRan, passedOn };
}

describe("the coordinator gate", () => {
  it("recognises admin commands and admin buttons", () => {
    expect(commandOf("/newevent@LoaBot now")).toBe("newevent");
    expect(adminTarget(fakeCtx(2, { text: "/Broadcast all hi" }, []))).toBe("/broadcast");
    expect(adminTarget(fakeCtx(2, { data: "1:adm:ok:abc" }, []))).toBe("callback 1:adm:ok:abc");
    expect(adminTarget(fakeCtx(2, { data: "1:ev" }, []))).toBeUndefined();
    expect(adminTarget(fakeCtx(2, { text: "ha giang ngay nao" }, []))).toBeUndefined();
  });

  it("lets customers fall through to the ordinary answers and audits the attempt", async () => {
    const typed = await run(2, { text: "/newevent" });
    expect(typed).toMatchObject({ innerRan: false, passedOn: true });
    expect(typed.audited).toEqual([
      { actorId: 2, actorName: "X", action: "denied", target: "/newevent" },
    ]);
    const crafted = await run(2, { data: "1:adm:ok:abc" });
    expect(crafted).toMatchObject({ innerRan: false, passedOn: true });
    expect(crafted.audited[0]?.target).toBe("callback 1:adm:ok:abc");
    const ordinary = await run(2, { text: "/events" });
    expect(ordinary).toMatchObject({ innerRan: false, passedOn: true, audited: [] });
  });

  it("runs the coordinator side for coordinators", async () => {
    expect(await run(1, { text: "/newevent" })).toMatchObject({ innerRan: true, audited: [] });
    expect(await run(1, { text: "/events" })).toMatchObject({ innerRan: true });
  });
});
