/** How Zalo updates are ordered and kept in the shared inbox (several instances on PostgreSQL). */
import type { ZaloUpdate } from "./client.js";

/**
 * A Zalo update as the shared inbox keeps it: the number the database gave its message id
 * (Zalo ids are strings; the inbox orders and deduplicates by a number per channel) and the
 * update as received.
 */
export interface ZaloInboxEntry {
  id: number;
  update: ZaloUpdate;
}

/** The ordering key of a Zalo update: its chat (one chat's updates are handled in order). */
export function zaloUpdateKey(update: ZaloUpdate): string {
  const chat = (update.message as Partial<ZaloUpdate["message"]> | undefined)?.chat?.id;
  return typeof chat === "string" && chat.length > 0 ? `zalo:${chat}` : "zalo:?";
}
