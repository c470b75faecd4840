import { describe, expect, it } from "vitest";
import { formatSendTime, parseSendTime } from "../../../src/domain/admin/send-time.js";

const NOW = new Date("2013-10-30T09:00:00+07:00");
const at = (text: string) => {
  const parsed = parseSendTime(text, NOW);
  return parsed.ok ? formatSendTime(parsed.at) : parsed.error;
};

describe("parseSendTime", () => {
  it("reads the ways coordinators say when, in Vietnam time", () => {
    expect(at("gửi lúc 07:00 ngày mai")).toBe("07:00, 31/10/2013");
    expect(at("7h mai")).toBe("07:00, 31/10/2013");
    expect(at("18h hôm nay")).toBe("18:00, 30/10/2013");
    expect(at("7h30 2/11")).toBe("07:30, 02/11/2013");
    expect(at("20:15 ngày 1/11/2013")).toBe("20:15, 01/11/2013");
    expect(at("tomorrow 7:00")).toBe("07:00, 31/10/2013");
    expect(at("8pm")).toBe("20:00, 30/10/2013");
    // Without a day: the next time it is that o'clock.
    expect(at("08:00")).toBe("08:00, 31/10/2013");
    expect(at("10:00")).toBe("10:00, 30/10/2013");
  });

  it("refuses the past, the far future and nonsense", () => {
    expect(at("08:00 hôm nay")).toBe("past");
    expect(at("7h 1/1/2014")).toBe("too_far");
    expect(at("khi nào rảnh")).toBe("not_understood");
    expect(at("25:00 mai")).toBe("not_understood");
  });
});
