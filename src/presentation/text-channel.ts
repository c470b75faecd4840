/**
 * Channels without buttons (Zalo shows choices as a numbered list): their hints must not say
 * "bấm" / "tap". A message key may have a `<key>_text` variant (an i18next context) that says
 * "reply with the number" instead; it wins on such channels, the plain key serves the rest.
 */
import type { Translate } from "./i18n-types.js";

/** `t` for a channel without buttons: every key's `_text` variant wins where one exists. */
export function withoutButtons(t: Translate): Translate {
  return (key, values) => t(key, { context: "text", ...values });
}
