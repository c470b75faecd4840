/**
 * `/import` cannot change who is a coordinator unless an owner imports: a coordinator who edits
 * a backup to list another id, sends it back and confirms, grants nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const OWNER = 900;
const COORDINATOR = 901;
const ACCOMPLICE = 777;

describe("/import and the coordinator list (end to end)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [OWNER] });
    h.user(OWNER, { first_name: "Chủ", language_code: "vi" });
    h.user(COORDINATOR, { first_name: "Lan", language_code: "vi" });
    h.user(ACCOMPLICE, { first_name: "Kẻ", language_code: "vi" });
    await h.say(OWNER, `/addadmin ${COORDINATOR} Lan`);
  });
  afterAll(async () => {
    await h.stop();
  });

  const editedBackup = async () => {
    const { backup } = await h.app.deps.admin.backup.export(h.clock.now());
    backup.admins.push({
      userId: ACCOMPLICE,
      name: "x",
      addedBy: OWNER,
      addedAt: h.clock.now().toISOString(),
    });
    return Buffer.from(JSON.stringify(backup), "utf8");
  };
  const sendBackup = async (userId: number, bytes: Buffer) => {
    const next = h.emulator.waitForBotMessage(userId);
    h.emulator.sendDocument(userId, {
      bytes,
      filename: "loa-backup-2013-10-30.json",
      mimeType: "application/json",
    });
    return next;
  };

  it("a coordinator's import keeps the coordinator list and says so in the preview", async () => {
    const preview = await sendBackup(COORDINATOR, await editedBackup());
    expect(textOf(preview)).toContain("giữ nguyên");
    const done = await h.press(COORDINATOR, preview, h.button(preview, "Xác nhận"));
    expect(textOf(done)).toContain("0 điều phối viên");
    expect(await h.app.deps.admin.roles.isCoordinator(ACCOMPLICE)).toBe(false);
    expect(textOf(await h.say(ACCOMPLICE, "/admin"))).toContain("Loa không biết lệnh này");
    expect(await h.app.deps.admin.roles.isCoordinator(COORDINATOR)).toBe(true);
  });

  it("an owner's import restores the coordinator list", async () => {
    const preview = await sendBackup(OWNER, await editedBackup());
    expect(textOf(preview)).not.toContain("giữ nguyên");
    await h.press(OWNER, preview, h.button(preview, "Xác nhận"));
    expect(await h.app.deps.admin.roles.isCoordinator(ACCOMPLICE)).toBe(true);
  });
});
