/** Types for telegram-html.js (plain JS so the page needs no build step). */

/** A parsed node: text, or an allowed Telegram tag with its attributes and children. */
export type TelegramNode =
  | string
  | { tag: string; attrs: Record<string, string>; children: TelegramNode[] };

/** A Telegram message entity (the subset the page renders). */
export interface TelegramEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
}

/** Decodes &lt; &gt; &amp; &quot; and numeric entities; any other `&` stays as typed. */
export function decodeEntities(text: string): string;
/** True for http, https and tg links. */
export function isSafeHref(href: unknown): boolean;
/** Parses Telegram HTML; unknown or unbalanced tags become text. */
export function parseTelegramHtml(html: string): TelegramNode[];
/** Builds nodes from text + entities. */
export function nodesFromEntities(
  text: string,
  entities: TelegramEntity[] | undefined,
): TelegramNode[];
/** Builds DOM nodes; `/commands` become buttons when `onCommand` is given. */
export function renderNodes(
  doc: Document,
  nodes: TelegramNode[],
  onCommand?: (command: string) => void,
): DocumentFragment;
