/**
 * Events from a spreadsheet, end to end through the emulator: `/export` gives the CSV (with
 * a BOM), a coordinator edits it and sends it back; Loa validates every row (Vietnamese errors
 * by row number), previews new / changed / unchanged, applies on confirm and offers change
 * notices for the changed events. An Excel workbook is read like the CSV.
 */
import ExcelJS from "exceljs";
import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "../support/harness.js";

const COORDINATOR = 900;

async function sendFile(
  h: Harness,
  bytes: Buffer,
  filename: string,
  mimeType: string,
): Promise<Message> {
  const next = h.emulator.waitForBotMessage(COORDINATOR);
  h.emulator.sendDocument(COORDINATOR, { bytes, filename, mimeType });
  return next;
}

function sendCsv(h: Harness, text: string, filename = "lich.csv"): Promise<Message> {
  return sendFile(h, Buffer.from(text, "utf8"), filename, "text/csv");
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A workbook as a coordinator's Excel saves it: real date and time cells, numbers, rich text. */
async function workbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Lịch");
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Excel's time-of-day cell: a fraction of a day on 30/12/1899. */
const time = (h: number, m: number) => new Date(Date.UTC(1899, 11, 30, h, m));

async function exportedEvents(h: Harness): Promise<string> {
  const call = h.emulator.waitForCall("sendDocument", (c) =>
    JSON.stringify(c.payload).includes("loa-events"),
  );
  await h.say(COORDINATOR, "/export");
  const result = (await call).response as { result: Message };
  const bytes = h.emulator.file(result.result.document?.file_id ?? "")?.bytes;
  if (!bytes) throw new Error("no events file");
  return bytes.toString("utf8");
}

describe("events from a spreadsheet (end to end)", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("exports, re-imports an edited sheet with a preview, applies on confirm and offers notices", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { language_code: "vi" });
    h.user(770);
    await h.say(770, "/subscribe lc13");
    const csv = await exportedEvents(h);
    expect(csv.startsWith("\uFEFFid,programme,province,date,start,end")).toBe(true);
    expect(csv).toContain("lc13,");
    expect(csv).toContain("Lai Châu,09/11/2013");

    // Unchanged export: nothing to do.
    expect(textOf(await sendCsv(h, csv))).toContain("không có gì mới");

    // lc13 moves to 10/11 with a venue; a new stop in Yên Bái (former name) with a map pin.
    const edited = `${csv
      .replace("Lai Châu,09/11/2013,,,", "Lai Châu,10/11/2013,07:00,11:00,Trạm y tế xã Bình Lư,")
      .trimEnd()}\r\n,,Yen Bai,23/11/2013,07:30,,"Nhà văn hóa, thôn 3",,21.7,104.87,,\r\n`;
    const preview = await sendCsv(h, edited);
    const text = textOf(preview);
    expect(text).toContain("Mới: 1 · ✏️ Thay đổi: 1 · = Không đổi: 2");
    expect(text).toContain("yb13");
    expect(text).toContain("09/11/2013 → 10/11/2013");
    expect((await h.app.deps.admin.events.get("lc13"))?.date).toBe("2013-11-09");

    const notice = h.emulator.waitForBotMessage(COORDINATOR, (m) =>
      textOf(m).includes("đổi từ ngày 09/11 sang ngày 10/11"),
    );
    const done = await h.press(COORDINATOR, preview, h.button(preview, "Nhập 2 thay đổi"));
    expect(textOf(done)).toContain("Đã nhập: 1 sự kiện mới, 1 sự kiện thay đổi");
    const offer = await notice;
    expect(h.button(offer, "Gửi")).toBeTruthy();
    expect(textOf(offer)).toContain("1 người");
    expect(await h.app.deps.admin.events.get("lc13")).toMatchObject({
      date: "2013-11-10",
      startTime: "07:00",
      endTime: "11:00",
      venueName: "Trạm y tế xã Bình Lư",
    });
    expect(await h.app.deps.admin.events.get("yb13")).toMatchObject({
      provinceId: "yen-bai",
      date: "2013-11-23",
      venueName: "Nhà văn hóa, thôn 3",
      location: { latitude: 21.7, longitude: 104.87 },
    });
    // The same file again: nothing changes twice.
    expect(textOf(await sendCsv(h, edited))).toContain("không có gì mới");
  });

  it("names every bad row in Vietnamese and imports nothing", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { language_code: "vi" });
    const bad = [
      "chương trình;tỉnh;ngày;bắt đầu;kết thúc;địa điểm;ghi chú",
      ";Sơn La;30/11/2013;07:00;11:00;Trạm y tế;",
      ";Ha Gaing;01/12/2013;;;;",
      ";Lai Châu;31/11/2013;;;;",
      ";Điện Biên;02/12/2013;11:00;07:00;;",
      `;Lào Cai;03/12/2013;;;${"x".repeat(201)};`,
      ";Sơn La;30/11/2013;;;;",
    ].join("\n");
    const answer = textOf(await sendCsv(h, bad));
    expect(answer).toContain("Loa chưa nhập gì");
    expect(answer).toContain("Dòng 3: không hiểu tỉnh 'Ha Gaing'");
    expect(answer).toContain("Dòng 4: không hiểu ngày '31/11/2013'");
    expect(answer).toContain("Dòng 5: giờ kết thúc 07:00 không sau giờ bắt đầu 11:00");
    expect(answer).toContain("Dòng 6: cột địa điểm dài quá 200 ký tự");
    expect(answer).toContain("Dòng 7: trùng sự kiện với dòng 2");
    expect(answer).not.toContain("Dòng 2:");
    expect((await h.app.deps.admin.events.list()).map((e) => e.id).sort()).toEqual([
      "db13",
      "hg13",
      "lc13",
    ]);
  });

  it("reads an Excel workbook the same way: dates, times, numbers, errors by Excel row", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { language_code: "vi" });
    const header = ["Tỉnh", "Ngày", "Bắt đầu", "Kết thúc", "Địa điểm", "Vĩ độ", "Kinh độ"];
    const stop = [
      "Yên Bái",
      new Date(Date.UTC(2013, 10, 23)),
      time(7, 30),
      time(11, 0),
      { richText: [{ text: "Nhà văn hóa " }, { font: { bold: true }, text: "thôn 3" }] },
      21.7,
      104.87,
    ];
    const bad = await workbook([header, [], stop, ["Ha Gaing", "01/12/2013"]]);
    const errors = textOf(await sendFile(h, bad, "lich.xlsx", XLSX));
    expect(errors).toContain("Loa chưa nhập gì");
    expect(errors).toContain("Dòng 4: không hiểu tỉnh 'Ha Gaing'");

    const good = await workbook([header, stop]);
    const preview = await sendFile(h, good, "lich.xlsx", XLSX);
    expect(textOf(preview)).toContain("Mới: 1 · ✏️ Thay đổi: 0");
    expect(textOf(preview)).toContain("23/11");
    const done = await h.press(COORDINATOR, preview, h.button(preview, "Nhập 1 thay đổi"));
    expect(textOf(done)).toContain("Đã nhập: 1 sự kiện mới");
    expect(await h.app.deps.admin.events.get("yb13")).toMatchObject({
      provinceId: "yen-bai",
      date: "2013-11-23",
      startTime: "07:30",
      endTime: "11:00",
      venueName: "Nhà văn hóa thôn 3",
      location: { latitude: 21.7, longitude: 104.87 },
    });
  });

  it("says plainly when an Excel file cannot be read or is an old format", async () => {
    h = await startHarness({ adminIds: [COORDINATOR] });
    h.user(COORDINATOR, { language_code: "vi" });
    const damaged = Buffer.from("PK\u0003\u0004 not really a workbook", "utf8");
    const answer = textOf(await sendFile(h, damaged, "lich.xlsx", XLSX));
    expect(answer).toContain("không mở được tệp Excel này");
    const old = textOf(await sendFile(h, damaged, "lich.xls", "application/vnd.ms-excel"));
    expect(old).toContain("chưa đọc được .xls");
    expect((await h.app.deps.admin.events.list()).length).toBe(3);
  });
});
