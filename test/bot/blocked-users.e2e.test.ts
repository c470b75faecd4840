/**
 * Users who block the bot: a `my_chat_member` "kicked" update or a 403 on a send marks them
 * blocked, /stats counts them, and their next message clears the mark (end to end).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../support/harness.js";
import { startHarness, textOf } from "../support/harness.js";

const OWNER = 900;
const QUITTER = 720;
const SILENT = 721;

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("blocked users", () => {
  let h: Harness;
  const blockedAt = async (id: number) => (await h.app.deps.users.get(`telegram:${id}`))?.blockedAt;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [OWNER] });
    h.user(OWNER, { first_name: "Chủ" });
    h.user(QUITTER, { first_name: "Anh Tư" });
    h.user(SILENT, { first_name: "Chị Năm" });
    await h.say(QUITTER, "/start");
    await h.say(SILENT, "/start");
  });
  afterAll(async () => {
    await h.stop();
  });

  it("a 'kicked' my_chat_member update marks the user blocked and /stats counts them", async () => {
    h.emulator.userSetsBotStatus(QUITTER, "kicked");
    await until(async () => (await blockedAt(QUITTER)) !== undefined, "the blocked mark");
    expect(textOf(await h.say(OWNER, "/stats"))).toContain("đã chặn bot: 1");
  });

  it("the next message from them clears it", async () => {
    h.emulator.userSetsBotStatus(QUITTER, "member");
    expect(textOf(await h.say(QUITTER, "lai chau ngay nao"))).toContain("09/11/2013");
    expect(await blockedAt(QUITTER)).toBeUndefined();
    expect(textOf(await h.say(OWNER, "/stats"))).toContain("đã chặn bot: 0");
  });

  it("a 403 on a reply marks the user blocked", async () => {
    // Blocked without the update reaching us (e.g. it was lost): the reply's 403 tells us.
    h.emulator.blockUser(SILENT);
    h.emulator.sendText(SILENT, "ha giang ngay nao");
    await until(async () => (await blockedAt(SILENT)) !== undefined, "the blocked mark");
    expect(textOf(await h.say(OWNER, "/stats"))).toContain("đã chặn bot: 1");
  });
});
