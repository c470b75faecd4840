/**
 * A real process for the storage kill -9 test: opens lowdb storage in `DATA_DIR` and writes
 * profiles and subscriptions of many users at once, printing `ACK <n>` when user n's writes
 * have resolved (durable), until killed.
 */
import { openLowdbStorage } from "../../src/storage/lowdb-storage.js";

const storage = await openLowdbStorage(process.env.DATA_DIR ?? "", { targetPerShard: 8 });
const at = "2013-10-30T00:00:00.000Z";
let next = 0;
const writeOne = async (n: number) => {
  const key = `telegram:${n}`;
  await Promise.all([
    storage.users.upsert(key, () => ({
      key,
      channel: "telegram",
      chatId: String(n),
      firstSeen: at,
      lastSeen: at,
    })),
    storage.subscriptions.add({
      userKey: key,
      kind: "event",
      target: "ev1",
      lang: "vi",
      createdAt: at,
    }),
  ]);
  process.stdout.write(`ACK ${n}\n`);
};
// 20 writers at a time, so commits group several users and shards keep splitting.
await Promise.all(
  Array.from({ length: 20 }, async () => {
    for (;;) await writeOne(next++);
  }),
);
