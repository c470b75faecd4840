/**
 * Reminders of subscribed events, driven by the Clock: each (event, date, slot) becomes one
 * broadcast job with a fixed id, so a reminder is never sent twice (the job exists), survives
 * restarts (the job resumes), and one missed while the bot was down is sent late, once, as long
 * as its late window has not passed.
 */
import { addDays, vietnamInstant } from "../calendar.js";
import type { BroadcastEngine } from "../broadcast/engine.js";
import type { BroadcastContent } from "../broadcast/types.js";
import type { EventRepository } from "../ports.js";
import type { SubscriptionService } from "../subscriptions/service.js";
import type { CommunityEvent, Lang } from "../types.js";
import type { ReminderSlot } from "./settings.js";

/** A reminder whose time has come. */
export interface DueReminder {
  event: CommunityEvent;
  slot: ReminderSlot;
  /** The broadcast job id; the same whenever this reminder is due. */
  jobId: string;
  dueAt: Date;
}

/** The job id of a reminder; includes the date so a moved event is reminded again. */
export function reminderJobId(event: CommunityEvent, slot: ReminderSlot): string {
  const safeId = event.id.replace(/[^A-Za-z0-9_-]/g, "_");
  return `rem-${safeId}-${event.date}-${slot.id}`;
}

/** Reminders due at `now`: past their time and within their late window. Pure. */
export function dueReminders(
  events: readonly CommunityEvent[],
  slots: readonly ReminderSlot[],
  now: Date,
): DueReminder[] {
  const due: DueReminder[] = [];
  for (const event of events) {
    if (event.status === "cancelled") continue;
    for (const slot of slots) {
      const dueAt = vietnamInstant(addDays(event.date, -slot.daysBefore), slot.time);
      const late = now.getTime() - dueAt.getTime();
      if (late >= 0 && late < slot.lateWindowMinutes * 60_000) {
        due.push({ event, slot, jobId: reminderJobId(event, slot), dueAt });
      }
    }
  }
  return due;
}

/** Renders a reminder in one language; undefined when the event cannot be shown. */
export type RenderReminder = (
  event: CommunityEvent,
  slot: ReminderSlot,
  lang: Lang,
  now: Date,
) => Promise<BroadcastContent | undefined>;

/** What the scheduler needs. */
export interface ReminderSchedulerDeps {
  engine: BroadcastEngine;
  subscriptions: SubscriptionService;
  events: EventRepository;
  now(): Date;
  slots: readonly ReminderSlot[];
  render: RenderReminder;
  onError?: ((error: unknown) => void) | undefined;
}

/** The reminder scheduler. */
export interface ReminderScheduler {
  /** Starts every reminder due now that has not been started; returns their job ids. */
  tick(): Promise<string[]>;
  /** Ticks every `intervalMs` (real time; the Clock decides what is due). */
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

/** Creates the scheduler. */
export function createReminderScheduler(deps: ReminderSchedulerDeps): ReminderScheduler {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<string[]> | undefined;

  const startOne = async (reminder: DueReminder, now: Date): Promise<boolean> => {
    if (await deps.engine.get(reminder.jobId)) return false;
    const recipients = await deps.subscriptions.recipients({
      kind: "reminder",
      eventId: reminder.event.id,
      slot: reminder.slot.id,
    });
    // No job without recipients: someone subscribing later in the window still gets it.
    if (recipients.length === 0) return false;
    const [vi, en] = await Promise.all([
      deps.render(reminder.event, reminder.slot, "vi", now),
      deps.render(reminder.event, reminder.slot, "en", now),
    ]);
    if (!vi) return false;
    const job = await deps.engine.create({
      id: reminder.jobId,
      audience: { kind: "reminder", eventId: reminder.event.id, slot: reminder.slot.id },
      recipients,
      content: vi,
      contentByLang: en ? { vi, en } : { vi },
      createdBy: "system:reminders",
    });
    return job !== undefined && (await deps.engine.start(job.id));
  };

  const tick = async (): Promise<string[]> => {
    const now = deps.now();
    const started: string[] = [];
    for (const reminder of dueReminders(await deps.events.list(), deps.slots, now)) {
      if (await startOne(reminder, now)) started.push(reminder.jobId);
    }
    return started;
  };

  return {
    tick() {
      // Never two ticks at once: the second waits for the first and then sees its jobs.
      const next = (running ?? Promise.resolve([])).catch(() => []).then(tick);
      running = next;
      return next;
    },
    start(intervalMs) {
      if (timer) return;
      timer = setInterval(() => {
        this.tick().catch((error: unknown) => deps.onError?.(error));
      }, intervalMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
