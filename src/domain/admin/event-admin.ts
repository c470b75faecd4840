/** Creating, editing and cancelling events, each recorded in the audit log. */
import type { EventRepository } from "../ports.js";
import type { CommunityEvent } from "../types.js";
import type { AuditLog } from "./audit.js";
import { applyPatch, changedFields, type EditResult, saveEdit } from "./event-editing.js";
import type { EligibilityGateway, SubscriptionGateway } from "./ports-needed.js";

/** An event with the figures coordinators see in `/events`. */
export interface EventRow {
  event: CommunityEvent;
  subscribers: number;
  eligible: number | undefined;
}

/** Who acts. */
export interface Actor {
  id: number;
  name?: string | undefined;
}

/** Event administration. */
export interface EventAdmin {
  rows(): Promise<EventRow[]>;
  get(id: string): Promise<CommunityEvent | undefined>;
  list(): Promise<CommunityEvent[]>;
  create(
    event: CommunityEvent,
    actor: Actor,
    now: Date,
  ): Promise<{ ok: true; event: CommunityEvent } | { ok: false; reason: "id_taken" }>;
  edit(
    after: CommunityEvent,
    expectedVersion: number,
    actor: Actor,
    now: Date,
  ): Promise<EditResult>;
  cancel(id: string, expectedVersion: number, actor: Actor, now: Date): Promise<EditResult>;
}

/** What {@link createEventAdmin} needs. */
export interface EventAdminDeps {
  events: EventRepository;
  audit: AuditLog;
  subscriptions: SubscriptionGateway;
  eligibility: EligibilityGateway;
}

/** Creates the event administration service. */
export function createEventAdmin(deps: EventAdminDeps): EventAdmin {
  const { events, audit } = deps;
  const edit: EventAdmin["edit"] = async (after, expectedVersion, actor, now) => {
    const result = await saveEdit(events, after, expectedVersion);
    if (result.ok) {
      const fields = result.before ? changedFields(result.before, result.event) : [];
      await audit.record(
        {
          actorId: actor.id,
          actorName: actor.name,
          action:
            result.event.status === "cancelled" && result.before?.status !== "cancelled"
              ? "event.cancel"
              : "event.edit",
          target: `${after.id} (${fields.join(", ")})`,
          before: result.before,
          after: result.event,
        },
        now,
      );
    }
    return result;
  };
  return {
    async rows() {
      const list = (await events.list()).sort((a, b) => a.date.localeCompare(b.date));
      const rows: EventRow[] = [];
      for (const event of list) {
        rows.push({
          event,
          subscribers: await deps.subscriptions.subscriberCount(event.id),
          eligible: await deps.eligibility.eligibleCount(event.id),
        });
      }
      return rows;
    },
    get: (id) => events.get(id),
    list: () => events.list(),
    async create(event, actor, now) {
      if (await events.get(event.id)) return { ok: false, reason: "id_taken" };
      const stored = { ...event, version: 1, updatedAt: now.toISOString() };
      const saved = await events.save(stored);
      if (!saved.ok) return { ok: false, reason: "id_taken" };
      await audit.record(
        {
          actorId: actor.id,
          actorName: actor.name,
          action: "event.create",
          target: event.id,
          after: stored,
        },
        now,
      );
      return { ok: true, event: saved.value };
    },
    edit,
    async cancel(id, expectedVersion, actor, now) {
      const current = await events.get(id);
      if (!current) return { ok: false, reason: "missing" };
      return edit(applyPatch(current, { status: "cancelled" }, now), expectedVersion, actor, now);
    },
  };
}
