/**
 * `/export` → `/import` moves a programme's state between the backends: a backup exported by a
 * bot on lowdb files restores on a bot on PostgreSQL (PGlite), and that bot's own export
 * restores on lowdb again with nothing lost or changed on the way.
 */
import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { openPglite, type TestDatabase } from "../../support/databases.js";
import { type Harness, startHarness, textOf } from "../../support/harness.js";

const OWNER = 900;
const COORDINATOR = 901;
const CUSTOMER = 501;

/** Waits for the backup document the bot sends after `/export` and returns its bytes. */
async function exportBackup(h: Harness): Promise<Buffer> {
  const isBackup = (m: Message) => m.document?.file_name?.startsWith("loa-backup") === true;
  const sent = h.emulator.waitForBotMessage(OWNER, isBackup);
  await h.say(OWNER, "/export");
  const message = await sent;
  const file = h.emulator.file(message.document?.file_id ?? "");
  if (!file) throw new Error("the backup document has no bytes");
  return Buffer.from(file.bytes);
}

/** Sends the backup as the owner, confirms, and returns the bot's answer. */
async function importBackup(h: Harness, bytes: Buffer): Promise<string> {
  const preview = h.emulator.waitForBotMessage(OWNER);
  h.emulator.sendDocument(OWNER, {
    bytes,
    filename: "loa-backup-2013-10-30.json",
    mimeType: "application/json",
  });
  const shown = await preview;
  return textOf(await h.press(OWNER, shown, h.button(shown, "Xác nhận")));
}

const comparable = (bytes: Buffer) => {
  const { exportedAt: _ignored, ...rest } = JSON.parse(bytes.toString("utf8")) as Record<
    string,
    unknown
  >;
  return rest;
};

describe("/export from one backend, /import into the other", () => {
  const harnesses: Harness[] = [];
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.stop();
    for (const db of databases.splice(0)) await db.drop();
  });

  const users = (h: Harness) => {
    h.user(OWNER, { first_name: "Chủ" });
    h.user(COORDINATOR, { first_name: "Lan" });
    h.user(CUSTOMER, { first_name: "Hoa" });
  };

  it("lowdb → PostgreSQL → lowdb keeps events, coordinators and subscriptions", async () => {
    const files = await startHarness({ adminIds: [OWNER] });
    harnesses.push(files);
    expect(files.app.storage.backend).toBe("lowdb");
    users(files);
    await files.say(OWNER, `/addadmin ${COORDINATOR} Lan`);
    await files.say(CUSTOMER, "/theodoi ha giang");
    await files.say(CUSTOMER, "/subscribe lc13");
    const cancel = await files.say(COORDINATOR, "/cancelevent db13");
    await files.press(COORDINATOR, cancel, files.button(cancel, "Hủy sự kiện"));
    const fromFiles = await exportBackup(files);

    const db = await openPglite();
    databases.push(db);
    const postgres = await startHarness({ adminIds: [OWNER], sqlClient: db.client });
    harnesses.push(postgres);
    expect(postgres.app.storage.backend).toBe("postgres");
    users(postgres);
    expect(await importBackup(postgres, fromFiles)).toContain("1 điều phối viên");
    await postgres.restart();
    const list = textOf(await postgres.say(OWNER, "/events"));
    expect(list).toMatch(/db13[^\n]*đã hủy/);
    expect(textOf(await postgres.say(OWNER, "/admins"))).toContain(String(COORDINATOR));
    const subs = textOf(await postgres.say(CUSTOMER, "/mysubs"));
    expect(subs).toContain("Hà Giang");
    expect(subs).toContain("Lai Châu");
    const fromPostgres = await exportBackup(postgres);
    expect(comparable(fromPostgres)).toEqual(comparable(fromFiles));

    const filesAgain = await startHarness({ adminIds: [OWNER] });
    harnesses.push(filesAgain);
    users(filesAgain);
    await importBackup(filesAgain, fromPostgres);
    expect(comparable(await exportBackup(filesAgain))).toEqual(comparable(fromFiles));
  });
});
