/**
 * Typed, versioned callback data. Telegram allows at most 64 bytes, so every payload is
 * `<version>:<action>:<arg>...` with short action names; a button from an older version of the
 * bot decodes to `undefined` and the user is told it expired.
 */

/** Bump when the format of an existing action changes. */
export const CALLBACK_VERSION = "1";
const MAX_BYTES = 64;

/** Decoded callback data. */
export interface CallbackPayload {
  action: string;
  args: string[];
}

/** Encodes an action and its arguments; throws when it would not fit in 64 bytes. */
export function encodeCallback(action: string, ...args: string[]): string {
  for (const part of [action, ...args]) {
    if (part.includes(":")) throw new Error(`callback part "${part}" must not contain ":"`);
  }
  const data = [CALLBACK_VERSION, action, ...args].join(":");
  if (Buffer.byteLength(data, "utf8") > MAX_BYTES) {
    throw new Error(`callback data "${data}" is over ${MAX_BYTES} bytes`);
  }
  return data;
}

/** Decodes callback data of the current version; undefined for anything else. */
export function decodeCallback(data: string | undefined): CallbackPayload | undefined {
  if (!data) return undefined;
  const [version, action, ...args] = data.split(":");
  if (version !== CALLBACK_VERSION || !action) return undefined;
  return { action, args };
}

/** Builds a grammY filter-friendly regex matching one action of the current version. */
export function callbackPattern(action: string): RegExp {
  return new RegExp(`^${CALLBACK_VERSION}:${action}(?::|$)`);
}

/** One field of callback data: turns its text into a value, or undefined when it is invalid. */
export interface CallbackField<T> {
  parse(raw: string | undefined): T | undefined;
  /** True when the field may be absent (only trailing fields). */
  optional: boolean;
}

const ID = /^[A-Za-z0-9_.-]{1,48}$/;

/** Field types for {@link callbackData}. */
export const field = {
  /** An event or province id: letters, digits, `_`, `.`, `-`. */
  id: {
    parse: (raw) => (raw !== undefined && ID.test(raw) ? raw : undefined),
    optional: false,
  } as CallbackField<string>,
  /** One of a fixed set of words (a language, a topic, a sub-action). */
  oneOf<const V extends string>(...values: V[]): CallbackField<V> {
    return {
      parse: (raw) => values.find((value) => value === raw),
      optional: false,
    };
  },
  /** The same field, which may also be absent. */
  optional<T>(inner: CallbackField<T>): CallbackField<T | undefined> {
    return { parse: (raw) => inner.parse(raw), optional: true };
  },
};

/** The value type of a callback schema. */
export type CallbackValues<S extends Record<string, CallbackField<unknown>>> = {
  [K in keyof S]: S[K] extends CallbackField<infer T> ? T : never;
};

/** A typed codec for one button family. */
export interface CallbackCodec<T> {
  action: string;
  /** Matches every payload of this action (valid or not), for `bot.callbackQuery`. */
  pattern: RegExp;
  /**
   * The typed fields, or undefined when the payload is of another version or action, has too
   * many or too few fields, or any field is invalid (a forged or damaged button).
   */
  decode(data: string | undefined): T | undefined;
  /** The callback data for these values (fields in schema order). */
  encode(values: T): string;
}

/**
 * Declares a button family: `callbackData("lng", { lang: field.optional(field.oneOf("vi", "en")) })`.
 * Fields travel positionally in the order of `schema`; optional ones only at the end.
 */
export function callbackData<S extends Record<string, CallbackField<unknown>>>(
  action: string,
  schema: S,
): CallbackCodec<CallbackValues<S>> {
  const names = Object.keys(schema) as Array<keyof S & string>;
  const required = names.filter((name) => !schema[name]?.optional).length;
  return {
    action,
    pattern: callbackPattern(action),
    decode(data) {
      const payload = decodeCallback(data);
      if (payload?.action !== action) return undefined;
      const { args } = payload;
      if (args.length < required || args.length > names.length) return undefined;
      const values: Record<string, unknown> = {};
      for (const [index, name] of names.entries()) {
        const raw = args[index];
        const spec = schema[name];
        if (!spec) return undefined;
        if (raw === undefined && spec.optional) {
          values[name] = undefined;
          continue;
        }
        const value = spec.parse(raw);
        if (value === undefined) return undefined;
        values[name] = value;
      }
      return values as CallbackValues<S>;
    },
    encode(values) {
      const args = names.map((name) => values[name]).filter((value) => value !== undefined);
      return encodeCallback(action, ...args.map(String));
    },
  };
}

export { Actions } from "../presentation/actions.js";
