/**
 * Graceful shutdown of one of two instances mid-broadcast: it finishes what it has in flight,
 * gives its claims back at once, and the other instance sends the rest: everyone exactly once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createBroadcastEngine } from "../../../src/domain/broadcast/engine.js";
import { openPostgresStorage } from "../../../src/storage/postgres/index.js";
import { createPgClient } from "../../../src/storage/postgres/sql-client.js";
import { telegramRecipients } from "../../support/broadcast-setup.js";
import { createServerDatabase, TEST_DATABASE_URL } from "../../support/databases.js";
import { createFakeTransport } from "../../support/fake-transport.js";

describe.skipIf(!TEST_DATABASE_URL)(
  "graceful hand-over between instances (real PostgreSQL)",
  () => {
    const cleanup: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
    });

    it("a stopped instance's recipients are sent by the other, nobody twice", async () => {
      const db = await createServerDatabase();
      cleanup.push(() => db.drop());
      const transport = createFakeTransport("telegram", 2);
      const instance = async (name: string) => {
        const client = createPgClient(db.url);
        cleanup.push(() => client.close());
        const storage = await openPostgresStorage("", { client });
        const engine = createBroadcastEngine({
          store: storage.broadcasts,
          now: () => new Date(),
          markBlocked: async () => undefined,
          newId: () => "handover",
          limits: { telegram: { perSecond: 1000, paidPerSecond: 1000, perChatPerSecond: 1 } },
          instanceId: name,
          claimBatch: 10,
          // Long: only the graceful release can hand the claims over within this test.
          claimLeaseMs: 600_000,
        });
        engine.attach(transport);
        return engine;
      };
      const a = await instance("a");
      const b = await instance("b");
      const recipients = telegramRecipients(200);
      await a.create({
        id: "handover",
        audience: { kind: "all" },
        recipients,
        content: { html: "x" },
        createdBy: "telegram:1",
      });
      await a.start("handover");
      while (transport.calls.length < 30) await new Promise((resolve) => setTimeout(resolve, 5));
      await a.shutdown();
      // `b` joins the job as the sweep does, until it is done.
      for (;;) {
        await b.resumeAll();
        await b.settled("handover");
        if ((await b.get("handover"))?.job.state === "done") break;
      }
      await b.shutdown();
      for (const r of recipients) expect(transport.delivered.get(r.chatId)).toHaveLength(1);
    });
  },
);
