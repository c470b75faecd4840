/**
 * Care-desk tickets in the sharded collection `DATA_DIR/handoff/`, one record per ticket, so
 * opening or answering a ticket rewrites one small shard, not everyone's tickets. The prompt
 * messages that name a ticket are indexed in memory. A `handoff.json` of the previous version
 * is migrated at open.
 */
import type { z } from "zod";
import type { HandoffRepository, HandoffTicket } from "../domain/admin/handoff.js";
import { openCollection } from "./legacy.js";
import { handoffTicketSchema, legacySchemas } from "./state-schemas.js";
import type { ShardOptions } from "./user-repository.js";

/** Newest tickets kept; older ones are answered or forgotten (their audit entries stay). */
const MAX_TICKETS = 5000;

const promptKey = (chatId: string, messageId: number) => `${chatId}:${messageId}`;

/** Opens the tickets; a ticket is on disk when `put` resolves (before the bot answers). */
export async function openHandoffRepository(
  dataDir: string,
  options: ShardOptions = {},
): Promise<HandoffRepository> {
  const byPrompt = new Map<string, string>();
  const createdAt = new Map<string, string>();
  const tickets = await openCollection<typeof legacySchemas.handoff, HandoffTicket>(
    dataDir,
    "handoff",
    {
      ...options,
      schema: handoffTicketSchema as unknown as z.ZodType<HandoffTicket>,
      onChange: (id, before, after) => {
        for (const p of before?.prompts ?? []) byPrompt.delete(promptKey(p.chatId, p.messageId));
        for (const p of after?.prompts ?? []) byPrompt.set(promptKey(p.chatId, p.messageId), id);
        if (after) createdAt.set(id, after.createdAt);
        else createdAt.delete(id);
      },
    },
    {
      name: "handoff.json",
      schema: legacySchemas.handoff,
      entries: (data) =>
        data.tickets.map((t) => [t.id, t as HandoffTicket] as [string, HandoffTicket]),
    },
  );
  const forgetOldest = async () => {
    let oldest: [string, string] | undefined;
    for (const entry of createdAt) if (!oldest || entry[1] < oldest[1]) oldest = entry;
    if (oldest) await tickets.delete(oldest[0]);
  };
  return {
    async put(ticket) {
      await tickets.put(ticket.id, structuredClone(ticket));
      if (createdAt.size > MAX_TICKETS) await forgetOldest();
    },
    get: async (id) => structuredClone(await tickets.get(id)),
    async byPrompt(chatId, messageId) {
      const id = byPrompt.get(promptKey(chatId, messageId));
      return id === undefined ? undefined : structuredClone(await tickets.get(id));
    },
  };
}
