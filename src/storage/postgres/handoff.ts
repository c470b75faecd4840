/** Care-desk tickets on PostgreSQL: one row per ticket, prompts indexed by chat and message. */
import type { HandoffRepository, HandoffTicket } from "../../domain/admin/handoff.js";
import { docs, json } from "./json.js";
import type { SqlQueryable } from "./sql-client.js";

/** Tickets in `handoff_tickets`; `byPrompt` is one indexed lookup in `handoff_prompts`. */
export function postgresHandoff(db: SqlQueryable): HandoffRepository {
  return {
    async put(ticket) {
      await db.query(
        `INSERT INTO handoff_tickets (id, created_at, doc) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc`,
        [ticket.id, ticket.createdAt, json(ticket)],
      );
      for (const prompt of ticket.prompts) {
        await db.query(
          `INSERT INTO handoff_prompts (chat_id, message_id, ticket_id) VALUES ($1, $2, $3)
           ON CONFLICT (chat_id, message_id) DO NOTHING`,
          [prompt.chatId, prompt.messageId, ticket.id],
        );
      }
    },
    get: async (id) =>
      docs<HandoffTicket>(
        (await db.query<{ doc: unknown }>("SELECT doc FROM handoff_tickets WHERE id = $1", [id]))
          .rows,
      )[0],
    byPrompt: async (chatId, messageId) =>
      docs<HandoffTicket>(
        (
          await db.query<{ doc: unknown }>(
            `SELECT t.doc FROM handoff_prompts p JOIN handoff_tickets t ON t.id = p.ticket_id
             WHERE p.chat_id = $1 AND p.message_id = $2`,
            [chatId, messageId],
          )
        ).rows,
      )[0],
  };
}
