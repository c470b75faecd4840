/**
 * The bot's example questions come from what is loaded: under an invented programme, /start,
 * /help, a greeting and the hints name its provinces and dates and never the 2013 tour's.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const CUSTOMER = 700;
const SEED = join(PROJECT_ROOT, "test/fixtures/seed-farm-advice");
const OTHER_PROGRAMME =
  /Hà Giang|Lai Châu|Điện Biên|Ha Giang|Lai Chau|Dien Bien|Viettel|2013|\b(2|9|16)\/11\b/i;

describe("example questions from the loaded programme (end to end)", () => {
  let h: Harness;
  beforeAll(async () => {
    // A week before the invented programme's first event (Cao Bằng, 8/4/2028).
    h = await startHarness({ seedDir: SEED, clock: "2028-04-01T09:00:00+07:00" });
    h.user(CUSTOMER, { first_name: "Bà Hoa", language_code: "vi" });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("/start names the programme's services and its next stop", async () => {
    const welcome = textOf(await h.say(CUSTOMER, "/start"));
    expect(welcome).toContain("Tư vấn kỹ thuật trồng lúa");
    expect(welcome).toContain("Cao Bằng ngày nào?");
    expect(welcome).not.toMatch(OTHER_PROGRAMME);
  });

  it("/help suggests a question about a real province, date and month of the programme", async () => {
    const help = textOf(await h.say(CUSTOMER, "/help"));
    expect(help).toContain("Cao Bằng ngày nào?");
    expect(help).toContain("ngày 8/4 ở đâu?");
    expect(help).toContain("tháng 4");
    expect(help).not.toMatch(OTHER_PROGRAMME);
  });

  it("the suggested question gets a real answer, and a greeting suggests it too", async () => {
    const greeting = textOf(await h.say(CUSTOMER, "xin chào"));
    expect(greeting).toContain("Cao Bằng ngày nào?");
    expect(greeting).not.toMatch(OTHER_PROGRAMME);
    const answer = textOf(await h.say(CUSTOMER, "Cao Bằng ngày nào?"));
    expect(answer).toContain("08/04/2028");
  });

  it("once the first stop is over the examples move on to the next one", async () => {
    h.clock.set(new Date("2028-04-10T09:00:00+07:00"));
    // The first read after a day change may still show the old values; the next one is fresh.
    await h.say(CUSTOMER, "/help");
    const help = textOf(await h.say(CUSTOMER, "/help"));
    expect(help).toContain("Yên Bái");
    expect(help).not.toContain("Cao Bằng ngày nào?");
  });
});
