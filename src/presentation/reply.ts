/**
 * A channel-agnostic reply: HTML text (Telegram's subset) plus choices. Telegram renders the
 * choices as an inline keyboard; a channel without buttons renders a numbered list.
 */

/** One choice the user can pick. `action` and `args` become callback data on Telegram. */
export interface Choice {
  label: string;
  action: string;
  args: string[];
}

/** What to send. */
export interface Reply {
  html: string;
  /** Rows of choices. */
  choices: Choice[][];
}

/** Builds a reply. */
export function reply(html: string, choices: Choice[][] = []): Reply {
  return { html, choices };
}

/** Builds a choice. */
export function choice(label: string, action: string, ...args: string[]): Choice {
  return { label, action, args };
}
