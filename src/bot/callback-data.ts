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

export { Actions } from "../presentation/actions.js";
