import { join } from "node:path";
import type { HandoffRepository, HandoffTicket } from "../domain/admin/handoff.js";
import { JsonStore } from "./json-store.js";
import { handoffStateSchema } from "./state-schemas.js";

/** Newest tickets kept; older ones are answered or forgotten (their audit entries stay). */
const MAX_TICKETS = 5000;

/** Handoff tickets in `handoff.json`, written before the bot answers. */
export async function openHandoffRepository(dataDir: string): Promise<HandoffRepository> {
  const store = await JsonStore.open<{ tickets: HandoffTicket[] }>(
    join(dataDir, "handoff.json"),
    { tickets: [] },
    handoffStateSchema,
  );
  return {
    put: (ticket) =>
      store.update((data) => {
        const index = data.tickets.findIndex((t) => t.id === ticket.id);
        if (index >= 0) data.tickets[index] = structuredClone(ticket);
        else data.tickets.push(structuredClone(ticket));
        if (data.tickets.length > MAX_TICKETS)
          data.tickets.splice(0, data.tickets.length - MAX_TICKETS);
      }),
    get: async (id) => structuredClone(store.read().tickets.find((t) => t.id === id)),
    byPrompt: async (chatId, messageId) =>
      structuredClone(
        store
          .read()
          .tickets.find((t) =>
            t.prompts.some((p) => p.chatId === chatId && p.messageId === messageId),
          ),
      ),
  };
}
