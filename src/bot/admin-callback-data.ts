/**
 * Typed, versioned callback data of the coordinator buttons: one codec per button family,
 * each field checked against its type on decode, so a forged or stale button decodes to
 * `undefined` (and is told it expired) instead of reaching a handler with junk.
 *
 * Format: `a<version>:<family>:<field>…` (≤ 64 bytes). A button from an older format
 * (`1:adm:…`) is still recognised as a coordinator button by the role gate, and expires.
 */

/** Bump when the fields of an existing family change. */
export const ADMIN_CALLBACK_VERSION = "a2";
const MAX_BYTES = 64;

/** Every coordinator button, of this or an older format (for the role gate). */
export const ANY_ADMIN_CALLBACK = /^(?:a\d+:|1:adm(?::|$))/;

/** A field: a pattern its text must match, or the list of values it may take. */
type Field = RegExp | readonly string[];
type FieldValue<F> = F extends readonly (infer V extends string)[] ? V : string;
type Values<S extends Record<string, Field>> = { [K in keyof S]: FieldValue<S[K]> };

/** One family of coordinator buttons. */
export interface AdminCallback<T> {
  readonly family: string;
  /** Matches this family's data of the current version (for `bot.callbackQuery`). */
  readonly pattern: RegExp;
  encode(values: T): string;
  /** The values, or undefined when the data is not this family's or a field is invalid. */
  decode(data: string | undefined): T | undefined;
}

const valid = (field: Field, value: string) =>
  field instanceof RegExp ? field.test(value) : field.includes(value);

/** Defines a family; `fields` are encoded in their key order. */
export function adminCallback<const S extends Record<string, Field>>(
  family: string,
  fields: S,
): AdminCallback<Values<S>> {
  const names = Object.keys(fields) as Array<keyof S & string>;
  const prefix = `${ADMIN_CALLBACK_VERSION}:${family}`;
  return {
    family,
    pattern: new RegExp(`^${prefix}(?::|$)`),
    encode(values) {
      const parts = names.map((name) => {
        const value = String(values[name]);
        if (!valid(fields[name] as Field, value) || value.includes(":")) {
          throw new Error(`callback field ${family}.${name} "${value}" is invalid`);
        }
        return value;
      });
      const data = [prefix, ...parts].join(":");
      if (Buffer.byteLength(data, "utf8") > MAX_BYTES) {
        throw new Error(`callback data "${data}" is over ${MAX_BYTES} bytes`);
      }
      return data;
    },
    decode(data) {
      if (!data?.startsWith(`${prefix}:`) && data !== prefix) return undefined;
      const parts = data.split(":").slice(2);
      if (parts.length !== names.length) return undefined;
      const values: Record<string, string> = {};
      for (const [index, name] of names.entries()) {
        const value = parts[index] ?? "";
        if (!valid(fields[name] as Field, value)) return undefined;
        values[name] = value;
      }
      return values as Values<S>;
    },
  };
}

/** A pending action's single-use token. */
const TOKEN = /^[A-Za-z0-9_-]{1,24}$/;
/** An event id as coordinators type it (province initials + year, `-2` when taken). */
const EVENT_ID = /^[A-Za-z0-9_.-]{1,40}$/;
/** A broadcast job id. */
const JOB_ID = /^[A-Za-z0-9_.-]{1,40}$/;
/** A wizard choice value (a field name, "yes", a programme or event id). */
const CHOICE = /^[A-Za-z0-9_.-]{1,40}$/;

/** The `/admin` menu entries. */
export const MENU_ENTRIES = [
  "events",
  "newevent",
  "broadcast",
  "broadcasts",
  "unanswered",
  "stats",
  "export",
  "import",
  "audit",
  "admins",
] as const;

/** The coordinator button families. */
export const AdminCallbacks = {
  /** A `/admin` menu button. */
  menu: adminCallback("m", { entry: MENU_ENTRIES }),
  /** Confirm (or Send) a pending action. */
  confirm: adminCallback("ok", { token: TOKEN }),
  /** Drop a pending action (Cancel, Keep, Don't send). */
  discard: adminCallback("no", { token: TOKEN }),
  /** Rewrite the text of a pending announcement. */
  editText: adminCallback("nt", { token: TOKEN }),
  /** Back into `/newevent` with a pending draft. */
  editDraft: adminCallback("ne", { token: TOKEN }),
  /** `/editevent <id>` as a button. */
  editEvent: adminCallback("ee", { id: EVENT_ID }),
  /** `/cancelevent <id>` as a button. */
  cancelEvent: adminCallback("ce", { id: EVENT_ID }),
  /** The QR code image of an event's deep link. */
  qrCode: adminCallback("qr", { id: EVENT_ID }),
  /** Pause, resume, ask to stop, stop, or keep a broadcast job. */
  job: adminCallback("bj", {
    op: ["pause", "resume", "ask_stop", "stop", "keep", "unschedule"],
    id: JOB_ID,
  }),
  /** "⏰ Hẹn giờ" under an announcement preview. */
  schedule: adminCallback("sc", { token: TOKEN }),
  /** Make the sender of a forwarded message a coordinator. */
  addAdmin: adminCallback("aa", { userId: /^\d{1,15}$/ }),
  /** "💬 Trả lời" / "📚 Dạy Loa" under a handoff ticket. */
  desk: adminCallback("dk", { mode: ["reply", "teach"], ticket: TOKEN }),
  /** "💬 Trả lời" / "📚 Dạy Loa" under an `/unanswered` group (its pending "handled" token). */
  deskUnanswered: adminCallback("du", { mode: ["reply", "teach"], token: TOKEN }),
  /** A choice inside a coordinator conversation. */
  choice: adminCallback("cv", { value: CHOICE }),
} as const;
