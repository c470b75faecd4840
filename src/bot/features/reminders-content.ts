/**
 * What a reminder says, in one language: a title ("ngày mai có chương trình"), the event card,
 * and how to stop. Channel-agnostic HTML; the engine's transports send it.
 */
import type { BroadcastContent } from "../../domain/broadcast/types.js";
import { viewOf } from "../../domain/event-views.js";
import type { RenderReminder } from "../../domain/reminders/scheduler.js";
import type { ReminderSlot } from "../../domain/reminders/settings.js";
import type { QaService } from "../../domain/services/qa-service.js";
import { eventCard } from "../../presentation/event-card.js";
import type { I18n } from "../../presentation/i18n.js";
import type { Translate } from "../../presentation/i18n-types.js";

/** "lúc 18:00 hôm trước và 07:00 sáng hôm đó", from the configured slots. */
export function reminderTimes(slots: readonly ReminderSlot[], t: Translate): string {
  const parts = slots.map((slot) =>
    slot.daysBefore === 0
      ? t("subscribe.time_same_day", { time: slot.time })
      : slot.daysBefore === 1
        ? t("subscribe.time_eve", { time: slot.time })
        : t("subscribe.time_days_before", { time: slot.time, days: slot.daysBefore }),
  );
  const list =
    parts.length > 1
      ? t("subscribe.times_list", { first: parts.slice(0, -1).join(", "), last: parts.at(-1) })
      : parts.join("");
  return t("subscribe.times", { list });
}

function title(slot: ReminderSlot, t: Translate): string {
  if (slot.daysBefore === 0) return t("reminder.title_same_day");
  if (slot.daysBefore === 1) return t("reminder.title_eve");
  return t("reminder.title_days_before", { days: slot.daysBefore });
}

/** Builds the reminder renderer on the catalogue and the translations. */
export function createReminderRenderer(qa: QaService, i18n: I18n): RenderReminder {
  return async (event, slot, lang, now): Promise<BroadcastContent | undefined> => {
    const snapshot = await qa.snapshot(now);
    const current = snapshot.events.find((e) => e.id === event.id) ?? event;
    const view = viewOf(current, snapshot);
    if (!view) return undefined;
    const t = i18n.t(lang);
    return {
      html: [title(slot, t), eventCard(view, t, lang), t("reminder.footer")].join("\n\n"),
    };
  };
}
