/**
 * A real process for the kill -9 test: opens the file store in `DATA_DIR`, resumes the job
 * `crash-test` if it exists (as the bot does at start-up) or creates and starts it, and prints
 * `DONE <sent> <failed> <blocked>` when it has finished.
 */
import { openEmulatorEngine, telegramRecipients } from "./broadcast-setup.js";

const env = process.env;
const { engine } = await openEmulatorEngine({
  dataDir: env.DATA_DIR ?? "",
  apiRoot: env.API_ROOT ?? "",
  token: env.TOKEN ?? "",
  limits: { perSecond: Number(env.RATE ?? 30) },
  maxInFlight: Number(env.MAX_IN_FLIGHT ?? 16),
});
const id = "crash-test";
if (await engine.get(id)) {
  console.log(`RESUMED ${(await engine.resumeAll()).join(",")}`);
} else {
  await engine.create({
    id,
    audience: { kind: "all" },
    recipients: telegramRecipients(Number(env.COUNT ?? 300)),
    content: { html: "<b>Thông báo</b> thử" },
    createdBy: "telegram:1",
  });
  await engine.start(id);
  console.log("STARTED");
}
await engine.settled(id);
const status = await engine.get(id);
console.log(`DONE ${status?.sent} ${status?.failed} ${status?.blocked}`);
