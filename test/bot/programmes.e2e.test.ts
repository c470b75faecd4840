import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.js";
import { type Harness, startHarness, textOf } from "../support/harness.js";

describe("two programmes loaded, end to end", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("answers for the programme the customer names, and follows up with the other one", async () => {
    h = await startHarness({
      seedDir: join(PROJECT_ROOT, "test/fixtures/seeds/two-programmes-2027"),
      clock: "2027-02-27T09:00:00+07:00",
    });
    h.user(801);
    const no = textOf(await h.say(801, "Đắk Lắk có khám mắt không?"));
    expect(no).toContain("Không");
    expect(no).toContain("Mắt sáng vùng cao 2027");
    expect(no).not.toContain("12/03");

    const yes = textOf(await h.say(801, "Nghệ An có Mắt sáng không?"));
    expect(yes).toContain("25/03");
    expect(yes).toContain("17/04");
    expect(yes).not.toContain("27/03");

    const other = textOf(await h.say(801, "còn nhà nông xanh thì sao?"));
    expect(other).toContain("27/03");
    expect(other).not.toContain("25/03");

    const list = textOf(await h.say(801, "lịch sắp tới"));
    expect(list).toContain("Mắt sáng vùng cao 2027");
    expect(list).toContain("Nhà nông xanh 2027");

    const thisWeek = textOf(await h.say(801, "tuần này có gì không?"));
    expect(thisWeek).toContain("không có");
    expect(thisWeek).toContain("06/03");
    expect(thisWeek).not.toContain("12/03");
    const nextWeek = textOf(await h.say(801, "tuần sau ở đâu?"));
    expect(nextWeek).toContain("06/03");
    expect(nextWeek).not.toContain("14/03");
  });

  it("on the 2013 tour: a wrong guessed day gets a plain no, and a flight question is logged", async () => {
    h = await startHarness();
    h.user(802);
    const wrong = textOf(await h.say(802, "Lai Châu ngày 10/11 hả?"));
    expect(wrong).toContain("Không");
    expect(wrong).toContain("09/11/2013");
    const flight = textOf(await h.say(802, "vé máy bay đi Đà Nẵng bao nhiêu?"));
    expect(flight).toContain("chưa biết");
    expect(flight).not.toContain("chưa có</b> chương trình");
    expect((await h.app.storage.unanswered.open(100)).map((q) => q.text)).toContain(
      "vé máy bay đi Đà Nẵng bao nhiêu?",
    );
  });
});
