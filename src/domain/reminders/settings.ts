/** Delivery settings from `data/settings.json`: reminder times and broadcast limits. */
import type { RateLimits } from "../broadcast/rate-limiter.js";
import type { LocalTime } from "../types.js";

/** One reminder: `daysBefore` the event at `time` (Asia/Ho_Chi_Minh). */
export interface ReminderSlot {
  /** Short id, part of the reminder's job id (e.g. `eve`, `morning`). */
  id: string;
  daysBefore: number;
  time: LocalTime;
  /** A reminder missed while the bot was down is still sent this long after its time. */
  lateWindowMinutes: number;
}

/** Everything configurable about delivery. */
export interface DeliverySettings {
  reminders: { slots: ReminderSlot[]; checkEverySeconds: number };
  broadcast: RateLimits & {
    maxInFlight: number;
    /** Several instances: how long a dead instance's claimed recipients wait to be taken over. */
    claimLeaseSeconds: number;
    /** Several instances: how often each looks for jobs the others left unfinished. */
    sweepSeconds: number;
  };
}

/** The evening before (18:00) and the morning of (07:00); Telegram's free limits. */
export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  reminders: {
    slots: [
      { id: "eve", daysBefore: 1, time: "18:00", lateWindowMinutes: 720 },
      { id: "morning", daysBefore: 0, time: "07:00", lateWindowMinutes: 240 },
    ],
    checkEverySeconds: 30,
  },
  broadcast: {
    perSecond: 30,
    paidPerSecond: 1000,
    perChatPerSecond: 1,
    maxInFlight: 16,
    claimLeaseSeconds: 30,
    sweepSeconds: 5,
  },
};

/** A settings file a person can fix. */
export class SettingsError extends Error {
  override name = "SettingsError";
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const positive = (value: unknown, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0)) {
    throw new SettingsError(`settings.json: ${name} must be a positive number`);
  }
  return value;
};

/** Validates the parsed `settings.json`; missing parts take the defaults. */
export function parseDeliverySettings(raw: unknown): DeliverySettings {
  const root = (raw ?? {}) as {
    reminders?: { slots?: unknown; checkEverySeconds?: unknown };
    broadcast?: Record<string, unknown>;
  };
  const defaults = DEFAULT_DELIVERY_SETTINGS;
  let slots = defaults.reminders.slots;
  if (root.reminders?.slots !== undefined) {
    if (!Array.isArray(root.reminders.slots)) {
      throw new SettingsError("settings.json: reminders.slots must be a list");
    }
    slots = root.reminders.slots.map((item: unknown, i) => {
      const slot = item as Partial<ReminderSlot>;
      if (typeof slot.id !== "string" || !/^[a-z0-9]{1,12}$/.test(slot.id)) {
        throw new SettingsError(`settings.json: reminders.slots[${i}].id must be a short word`);
      }
      if (typeof slot.time !== "string" || !TIME.test(slot.time)) {
        throw new SettingsError(`settings.json: reminders.slots[${i}].time must be HH:MM`);
      }
      if (typeof slot.daysBefore !== "number" || !Number.isInteger(slot.daysBefore)) {
        throw new SettingsError(
          `settings.json: reminders.slots[${i}].daysBefore must be a whole number`,
        );
      }
      return {
        id: slot.id,
        time: slot.time,
        daysBefore: slot.daysBefore,
        lateWindowMinutes: positive(
          slot.lateWindowMinutes,
          `reminders.slots[${i}].lateWindowMinutes`,
          240,
        ),
      };
    });
  }
  const b = root.broadcast ?? {};
  return {
    reminders: {
      slots,
      checkEverySeconds: positive(
        root.reminders?.checkEverySeconds,
        "reminders.checkEverySeconds",
        defaults.reminders.checkEverySeconds,
      ),
    },
    broadcast: {
      perSecond: positive(b.perSecond, "broadcast.perSecond", defaults.broadcast.perSecond),
      paidPerSecond: Math.min(
        1000,
        positive(b.paidPerSecond, "broadcast.paidPerSecond", defaults.broadcast.paidPerSecond),
      ),
      perChatPerSecond: positive(
        b.perChatPerSecond,
        "broadcast.perChatPerSecond",
        defaults.broadcast.perChatPerSecond,
      ),
      maxInFlight: positive(b.maxInFlight, "broadcast.maxInFlight", defaults.broadcast.maxInFlight),
      claimLeaseSeconds: positive(
        b.claimLeaseSeconds,
        "broadcast.claimLeaseSeconds",
        defaults.broadcast.claimLeaseSeconds,
      ),
      sweepSeconds: positive(
        b.sweepSeconds,
        "broadcast.sweepSeconds",
        defaults.broadcast.sweepSeconds,
      ),
    },
  };
}
