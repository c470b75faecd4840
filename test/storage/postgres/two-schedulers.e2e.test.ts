/**
 * Two complete bots (two apps, each with its reminder scheduler and scheduled-broadcast check)
 * on one PostgreSQL database — PGlite in this process, and the real server when
 * TEST_DATABASE_URL is set — checking at the same moment: a reminder slot fires once, a
 * scheduled broadcast is started by one of them, and each person gets each message once; the
 * coordinator gets one progress message, not one per instance.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DATABASE_BACKENDS, type TestDatabase } from "../../support/databases.js";
import { type Harness, startHarness, textOf } from "../../support/harness.js";

const COORDINATOR = 900;
const CUSTOMERS = [701, 702, 703];

for (const backend of DATABASE_BACKENDS) {
  describe.skipIf(!backend.available)(`two schedulers on one database (${backend.name})`, () => {
    let db: TestDatabase | undefined;
    const harnesses: Harness[] = [];
    afterEach(async () => {
      for (const h of harnesses.splice(0).reverse()) await h.stop();
      await db?.drop();
      db = undefined;
    });

    /** Instance `a` (where people talk to the bot), then `b` on the same database and emulator. */
    const startTwo = async () => {
      db = await backend.open();
      const storage = db.url ? { databaseUrl: db.url } : { sqlClient: db.client };
      const a = await startHarness({ adminIds: [COORDINATOR], ...storage });
      harnesses.push(a);
      a.user(COORDINATOR, { language_code: "vi" });
      for (const id of CUSTOMERS) a.user(id);
      return {
        a,
        // Started once the conversations are over: the two poll the same emulator.
        startB: async () => {
          const b = await startHarness({
            adminIds: [COORDINATOR],
            emulator: a.emulator,
            ...storage,
          });
          harnesses.push(b);
          return b;
        },
      };
    };

    it("a reminder slot fires once for both schedulers", async () => {
      const { a, startB } = await startTwo();
      for (const id of CUSTOMERS) await a.say(id, "/theodoi ha giang");
      const b = await startB();
      const at = new Date("2013-11-01T18:00:30+07:00");
      a.clock.set(at);
      b.clock.set(at);
      const arrived = CUSTOMERS.map((id) =>
        a.emulator.waitForBotMessage(id, (m) => textOf(m).includes("Nhắc lịch")),
      );
      const [fromA, fromB] = await Promise.all([
        a.app.deps.delivery.reminders().tick(),
        b.app.deps.delivery.reminders().tick(),
      ]);
      expect([...fromA, ...fromB]).toEqual(["rem-hg13-2013-11-02-eve"]);
      await Promise.all(arrived);
      for (const h of [a, b]) await h.app.deps.delivery.engine.settled("rem-hg13-2013-11-02-eve");
      // Later ticks of either find the slot taken.
      expect(await b.app.deps.delivery.reminders().tick()).toEqual([]);
      expect(await a.app.deps.delivery.reminders().tick()).toEqual([]);
      for (const id of CUSTOMERS) {
        const reminders = a.emulator.messages(id).filter((m) => textOf(m).includes("Nhắc lịch"));
        expect(reminders).toHaveLength(1);
      }
    });

    it("a scheduled broadcast is started by one instance and reaches everyone once", async () => {
      const { a, startB } = await startTwo();
      for (const id of CUSTOMERS) await a.say(id, "/start");
      const preview = await a.say(COORDINATOR, "/broadcast all Sáng mai đoàn bác sĩ đến xã");
      const ask = await a.press(COORDINATOR, preview, a.button(preview, "Hẹn giờ"));
      expect(textOf(ask)).toContain("Gửi lúc nào");
      const when = await a.say(COORDINATOR, "gửi lúc 07:00 ngày mai");
      const done = await a.press(COORDINATOR, when, a.button(when, "Hẹn gửi 07:00"));
      expect(textOf(done)).toContain("Đã hẹn gửi lúc 07:00, 31/10/2013");
      const b = await startB();
      const at = new Date("2013-10-31T07:00:10+07:00");
      a.clock.set(at);
      b.clock.set(at);
      const arrived = CUSTOMERS.map((id) =>
        a.emulator.waitForBotMessage(id, (m) => textOf(m).includes("Sáng mai đoàn bác sĩ")),
      );
      const [fromA, fromB] = await Promise.all([
        a.app.deps.delivery.startScheduled(),
        b.app.deps.delivery.startScheduled(),
      ]);
      const started = [...fromA, ...fromB];
      expect(started).toHaveLength(1);
      await Promise.all(arrived);
      for (const h of [a, b]) await h.app.deps.delivery.engine.settled(started[0] ?? "");
      expect(await a.app.deps.delivery.startScheduled()).toEqual([]);
      expect(await b.app.deps.delivery.startScheduled()).toEqual([]);
      for (const id of CUSTOMERS) {
        const heard = a.emulator
          .messages(id)
          .filter((m) => textOf(m).includes("Sáng mai đoàn bác sĩ"));
        expect(heard).toHaveLength(1);
      }
      // One progress message (edited as the job goes on), from the instance that started it.
      const progress = a.emulator
        .messages(COORDINATOR)
        .filter((m) => textOf(m).startsWith(`📣 Đang gửi thông báo (${started[0]?.slice(0, 8)})`));
      expect(progress).toHaveLength(1);
    });
  });
}
