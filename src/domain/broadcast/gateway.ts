/**
 * Adapters from the engine and the subscription service to what the coordinator commands
 * expect (`src/domain/admin/ports-needed.ts`), so they drive the real engine.
 */
import type {
  BroadcastGateway,
  BroadcastRequest,
  JobSummary,
  SubscriptionGateway,
} from "../admin/ports-needed.js";
import type { AnnouncementContent, Audience } from "../admin/types.js";
import type { BroadcastContent } from "./types.js";
import type { SubscriptionService } from "../subscriptions/service.js";
import type { BroadcastEngine, JobStatus } from "./engine.js";

function toBroadcast(content: AnnouncementContent): BroadcastContent {
  return {
    html: content.html,
    ...(content.photoFileId ? { photo: content.photoFileId } : {}),
    ...(content.buttons ? { buttons: content.buttons } : {}),
  };
}

function summaryOf(status: JobStatus): JobSummary {
  const { job } = status;
  return {
    id: job.id,
    state: job.state,
    audience: job.audience as Audience,
    createdBy: Number(job.createdBy.split(":")[1] ?? 0) || 0,
    createdAt: job.createdAt,
    total: status.total,
    sent: status.sent,
    failed: status.failed,
    blocked: status.blocked,
    pressed: status.pressed,
    ...(job.scheduledAt ? { scheduledAt: job.scheduledAt } : {}),
  };
}

/** The coordinators' broadcast gateway on the real engine. Reminder jobs are not listed. */
export function createBroadcastGateway(
  engine: BroadcastEngine,
  subscriptions: SubscriptionService,
): BroadcastGateway {
  return {
    countAudience: (audience) => subscriptions.countRecipients(audience),
    async start(request: BroadcastRequest & { paid?: boolean | undefined }) {
      let recipients = await subscriptions.recipients(request.audience);
      const personal = request.bySubscription;
      if (personal) {
        const subscribed = new Set(await subscriptions.eventSubscribers(personal.eventId));
        recipients = recipients.map((r) => ({
          ...r,
          variant: subscribed.has(r.key) ? "subscribed" : "other",
        }));
      }
      const byLang = Object.entries(request.contentByLang ?? {}).map(
        ([lang, content]) => [lang, toBroadcast(content)] as const,
      );
      const job = await engine.create({
        audience: request.audience,
        recipients,
        content: toBroadcast(request.content),
        ...(byLang.length > 0 ? { contentByLang: Object.fromEntries(byLang) } : {}),
        ...(personal
          ? {
              contentByVariant: Object.fromEntries(
                Object.entries(personal.content).map(([key, c]) => [key, toBroadcast(c)]),
              ),
            }
          : {}),
        paid: request.paid ?? false,
        createdBy: `telegram:${request.createdBy}`,
        progressChatId: request.progressChatId,
        ...(request.sendAt ? { scheduledAt: request.sendAt } : {}),
      });
      if (!job) throw new Error("could not create the broadcast job");
      // A scheduled job waits as a draft; the delivery side's clock starts it when due.
      if (!request.sendAt) await engine.start(job.id);
      return { id: job.id };
    },
    async recent(limit) {
      return (await engine.recent(limit, ["reminder", "direct"])).map(summaryOf);
    },
    async get(id) {
      const status = await engine.get(id);
      const kind = status?.job.audience.kind;
      return status && kind !== "reminder" && kind !== "direct" ? summaryOf(status) : undefined;
    },
    pause: (id) => engine.pause(id),
    resume: (id) => engine.resume(id),
    stop: (id) => engine.stop(id),
  };
}

/** The coordinators' subscription gateway (counts, export, import). */
export function createSubscriptionGateway(
  subscriptions: SubscriptionService,
  now: () => Date,
): SubscriptionGateway {
  return {
    subscriberCount: async (eventId) => (await subscriptions.subscriberCounts())[eventId] ?? 0,
    subscriberCounts: () => subscriptions.subscriberCounts(),
    followerCount: async (provinceId) => (await subscriptions.provinceFollowers(provinceId)).length,
    all: async () =>
      (await subscriptions.all()).map((s) => ({
        userKey: s.userKey,
        kind: s.kind,
        target: s.target,
        createdAt: s.createdAt,
      })),
    async restore(rows) {
      let restored = 0;
      for (const row of rows) {
        const at = row.createdAt ? new Date(row.createdAt) : now();
        const result =
          row.kind === "event"
            ? await subscriptions.subscribeEvent(row.userKey, row.target, "vi", at)
            : await subscriptions.subscribeProvince(row.userKey, row.target, "vi", at);
        if (result.ok && result.created) restored++;
      }
      return restored;
    },
  };
}
