/**
 * Rows of an Excel workbook (`.xlsx`), read with `exceljs`, as the text cells the sheet
 * import reads from CSV: dates as dd/mm/yyyy, times as HH:MM, formulas by their result. The
 * first worksheet with any content is the one read; row numbers are Excel's own, so an error
 * "Dòng 7" points at the row the coordinator sees.
 */
import ExcelJS from "exceljs";
import type { SheetRow } from "./event-sheet.js";

/** The workbook could not be opened (not an .xlsx, damaged, password-protected). */
export class UnreadableWorkbookError extends Error {
  constructor(cause: unknown) {
    super("unreadable workbook", { cause });
  }
}

const two = (n: number) => String(n).padStart(2, "0");

/** Excel stores wall-clock values as UTC instants; times alone sit on 30/12/1899. */
function dateText(value: Date): string {
  if (Number.isNaN(value.getTime())) return "";
  const time = `${two(value.getUTCHours())}:${two(value.getUTCMinutes())}`;
  if (value.getUTCFullYear() < 1901) return time;
  const day = `${two(value.getUTCDate())}/${two(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  return value.getUTCHours() === 0 && value.getUTCMinutes() === 0 ? day : `${day} ${time}`;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return dateText(value);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      return result === undefined || (typeof result === "object" && "error" in result)
        ? ""
        : cellText(result as ExcelJS.CellValue);
    }
    if ("text" in value) return String(value.text);
    return "";
  }
  return String(value);
}

/** Reads the rows of the first non-empty worksheet of an `.xlsx` file. */
export async function workbookRows(bytes: Uint8Array): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new UnreadableWorkbookError(error);
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) {
      cells.push(cellText(row.getCell(column).value).trim());
    }
    rows.push({ cells, line });
  });
  return rows;
}
