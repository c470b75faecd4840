/**
 * The per-chat reply pace several instances share (issue 13 item 5): slots handed out by the
 * database, so two instances answering one chat in turn keep a second between messages, and a
 * 429 any instance saw holds every instance's replies. On PGlite the SQL is checked; on the real
 * server (TEST_DATABASE_URL) two connections (two instances) race for one chat's slots.
 */
import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "../../../src/storage/postgres/migrate.js";
import { createPgClient } from "../../../src/storage/postgres/sql-client.js";
import { postgresSharedPace, takeReplySlot } from "../../../src/storage/postgres/shared-pace.js";
import { DATABASE_BACKENDS, type TestDatabase } from "../../support/databases.js";

const LIMITS = { perSecond: 30, paidPerSecond: 1000, perChatPerSecond: 1 };
const SECOND = 1000;

for (const backend of DATABASE_BACKENDS) {
  describe.skipIf(!backend.available)(`shared reply pace on ${backend.name}`, () => {
    let db: TestDatabase | undefined;
    const open = async () => {
      db = await backend.open();
      await migrate(db.client);
      return db.client;
    };
    afterEach(async () => {
      await db?.drop();
      db = undefined;
    });

    it("hands one chat's slots out a second apart, whoever asks, and other chats at once", async () => {
      const client = await open();
      // A second connection stands for the second instance (PGlite has one; the server two).
      const other = db?.url ? createPgClient(db.url) : client;
      try {
        const waits = await Promise.all([
          takeReplySlot(client, "telegram", "42", SECOND),
          takeReplySlot(other, "telegram", "42", SECOND),
          takeReplySlot(client, "telegram", "42", SECOND),
          takeReplySlot(other, "telegram", "42", SECOND),
        ]);
        waits.sort((a, b) => a - b);
        // Each slot is one interval after the previous (less the ms the calls took).
        expect(waits[0]).toBeLessThanOrEqual(0);
        for (let i = 1; i < waits.length; i++) {
          expect((waits[i] ?? 0) - (waits[i - 1] ?? 0)).toBeGreaterThan(SECOND - 100);
        }
        expect(await takeReplySlot(other, "telegram", "43", SECOND)).toBeLessThanOrEqual(0);
        // Zalo chats are paced on their own.
        expect(await takeReplySlot(client, "zalo", "42", SECOND)).toBeLessThanOrEqual(0);
      } finally {
        if (other !== client) await other.close();
      }
    });

    it("a 429 seen by one instance holds the other's replies, chat or no chat", async () => {
      const client = await open();
      const a = postgresSharedPace(client, () => LIMITS);
      a.pauseFor("telegram", 30 * SECOND);
      // pauseFor is fire-and-forget; wait until it is in the table.
      for (let i = 0; i < 100; i++) {
        if ((await takeReplySlot(client, "telegram", undefined, SECOND)) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const paused = await takeReplySlot(client, "telegram", undefined, SECOND);
      expect(paused).toBeGreaterThan(25 * SECOND);
      expect(await takeReplySlot(client, "telegram", "7", SECOND)).toBeGreaterThan(25 * SECOND);
      // The broadcast lane's channel pause is Telegram's; Zalo replies go on.
      expect(await takeReplySlot(client, "zalo", "7", SECOND)).toBeLessThanOrEqual(0);
    });
  });
}
