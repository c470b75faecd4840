/**
 * Zalo on several instances (PostgreSQL): a delivered update is appended to the shared inbox
 * (durable, deduplicated across instances by its message id) before the platform gets its 200,
 * then handled by the durable pipeline under the chat's lock in PostgreSQL — the holder handles
 * that chat's pending updates in arrival order, so one chat is answered in order and each
 * message once, whichever instance each delivery reached. What a stop or crash left is
 * replayed at the next start.
 */
import type { Logger } from "pino";
import { createUpdatePipeline, type UpdatePipeline } from "../domain/updates/pipeline.js";
import { adoptOrphans, type ChatLocks, handleInChatOrder } from "../storage/postgres/chat-locks.js";
import type { PostgresUpdateInbox } from "../storage/postgres/update-inbox.js";
import type { ZaloUpdateIds } from "../storage/postgres/zalo-inbox.js";
import type { ZaloChannel } from "./channel.js";
import { type ZaloInboxEntry, zaloUpdateKey } from "./update-key.js";

/** What {@link openSharedZaloInbox} needs. */
export interface SharedZaloInboxOptions {
  channel: ZaloChannel;
  inbox: PostgresUpdateInbox<ZaloInboxEntry>;
  ids: ZaloUpdateIds;
  locks: ChatLocks;
  logger: Logger;
  /** Chats handled at once. */
  concurrency: number;
}

/** The receiving side: hand it to the webhook server or the poller in place of the channel. */
export interface SharedZaloInbox {
  /** Appends an update (durable when it resolves); true when it was new. */
  receiver: ZaloChannel;
  pipeline: UpdatePipeline<ZaloInboxEntry>;
  /** Stops handling (waits up to `graceMs`), then releases this instance's chat locks. */
  stop(graceMs: number): Promise<void>;
}

/** Starts the pipeline on the shared inbox and replays what was left pending. */
export async function openSharedZaloInbox(
  options: SharedZaloInboxOptions,
): Promise<SharedZaloInbox> {
  const { channel, inbox, ids, locks, logger } = options;
  const onError = (error: unknown, id: number) =>
    logger.error({ err: error, zalo_inbox_id: id }, "zalo update failed");
  const inOrder = handleInChatOrder<ZaloInboxEntry>({
    locks,
    inbox,
    keyOf: (entry) => zaloUpdateKey(entry.update),
    idOf: (entry) => entry.id,
    handle: async (entry) => void (await channel.handle(entry.update)),
    onError,
  });
  const pipeline = createUpdatePipeline<ZaloInboxEntry>({
    inbox,
    keyOf: (entry) => zaloUpdateKey(entry.update),
    handle: async (entry, signal) => void (await inOrder(entry, signal)),
    concurrency: options.concurrency,
    onError,
  });
  const replayed = await pipeline.replay();
  if (replayed > 0) logger.info({ updates: replayed }, "replaying zalo updates a stop interrupted");
  const stopAdopting = adoptOrphans({
    inbox,
    pipeline,
    onError: (error) => logger.warn({ err: error }, "could not look for left-over zalo updates"),
  });
  return {
    pipeline,
    receiver: {
      async handle(update) {
        const message = update.message as Partial<typeof update.message> | undefined;
        const id = await ids.numberOf(
          typeof message?.message_id === "string" ? message.message_id : undefined,
        );
        return (await pipeline.receive([{ id, update: { id, update } }])) > 0;
      },
    },
    async stop(graceMs) {
      stopAdopting();
      await pipeline.stop(graceMs);
      await locks.close();
    },
  };
}
