/**
 * One of several instances sending one broadcast on a shared PostgreSQL database
 * (`DATABASE_URL`), for the kill -9 test: creates the job `shared-test` unless another instance
 * did, joins it, helps until it is done (taking over claims a dead instance left once their
 * lease expires), then prints `DONE <sent> <failed> <blocked>`.
 */
import { createBroadcastEngine } from "../../src/domain/broadcast/engine.js";
import { createTelegramTransport, plainApi } from "../../src/bot/transport/telegram-transport.js";
import { postgresBroadcastStore } from "../../src/storage/postgres/broadcast-store.js";
import { migrate } from "../../src/storage/postgres/migrate.js";
import { postgresSharedPace } from "../../src/storage/postgres/shared-pace.js";
import { createPgClient } from "../../src/storage/postgres/sql-client.js";
import { telegramRecipients } from "./broadcast-setup.js";

const env = process.env;
const db = createPgClient(env.DATABASE_URL ?? "");
await migrate(db);
const limits = { perSecond: Number(env.RATE ?? 30), paidPerSecond: 1000, perChatPerSecond: 1 };
const engine = createBroadcastEngine({
  store: postgresBroadcastStore(db),
  now: () => new Date(),
  markBlocked: async () => undefined,
  newId: () => "unused",
  limits: { telegram: limits },
  sender: { maxInFlight: Number(env.MAX_IN_FLIGHT ?? 8), backoffMs: 200 },
  pace: postgresSharedPace(db, () => limits),
  instanceId: env.INSTANCE ?? "child",
  claimBatch: 16,
  claimLeaseMs: Number(env.LEASE_MS ?? 2000),
  progressIntervalMs: 500,
});
engine.attach(createTelegramTransport(plainApi(env.TOKEN ?? "", env.API_ROOT ?? "")));
const id = "shared-test";
const created = await engine.create({
  id,
  audience: { kind: "all" },
  recipients: telegramRecipients(Number(env.COUNT ?? 300)),
  content: { html: "<b>Thông báo</b> chung" },
  createdBy: "telegram:1",
});
if (created) await engine.start(id);
console.log("JOINED");
for (;;) {
  await engine.resumeAll();
  await engine.settled(id);
  const status = await engine.get(id);
  if (status?.job.state === "done") {
    console.log(`DONE ${status.sent} ${status.failed} ${status.blocked}`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}
await engine.shutdown();
await db.close();
