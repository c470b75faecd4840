/**
 * The coordinator command set. Conversations are registered for everyone (they only act in
 * chats where one is active, and only coordinators can start one); everything else sits
 * behind the role gate, so customers get the ordinary answers.
 */
import { AdminCallbacks, type MENU_ENTRIES } from "../admin-callback-data.js";
import { createConversation } from "@grammyjs/conversations";
import { type Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { adminConversationContext } from "../conversations/admin-context.js";
import {
  ANNOUNCE_EDIT,
  ANNOUNCE_SCHEDULE,
  announceEditConversation,
  announceScheduleConversation,
} from "../conversations/announce-edit.js";
import {
  BROADCAST_COMPOSE,
  broadcastComposeConversation,
} from "../conversations/broadcast-compose.js";
import { EDIT_EVENT, editEventConversation } from "../conversations/edit-event.js";
import { NEW_EVENT, newEventConversation } from "../conversations/new-event.js";
import { adminGate, mayReachCoordinatorSide } from "../filters/is-admin.js";
import { adminBackupFeature, sendExport } from "./admin-backup.js";
import { adminBroadcastFeature, listBroadcasts, startBroadcast } from "./admin-broadcast.js";
import { adminConfirmFeature } from "./admin-confirm.js";
import { adminEventsFeature, listEventsForCoordinator, startNewEvent } from "./admin-events.js";
import { adminInsightsFeature, showAudit, showStats, showUnanswered } from "./admin-insights.js";
import { adminRolesFeature, listAdmins } from "./admin-roles.js";
import { adminSheetFeature } from "./admin-sheet.js";
import { adminButton, sendHtml } from "./admin-ui.js";
import { LeanComposer } from "../lean-composer.js";

type MenuEntry = (typeof MENU_ENTRIES)[number];

/** What each `/admin` menu button runs. */
const MENU: Record<MenuEntry, (ctx: BotContext) => Promise<unknown>> = {
  events: listEventsForCoordinator,
  newevent: startNewEvent,
  broadcast: (ctx) => startBroadcast(ctx),
  broadcasts: listBroadcasts,
  unanswered: showUnanswered,
  stats: showStats,
  export: sendExport,
  import: (ctx) => sendHtml(ctx, ctx.t("admin.import.usage")),
  audit: showAudit,
  admins: listAdmins,
};

const MENU_ROWS: MenuEntry[][] = [
  ["events", "newevent"],
  ["broadcast", "broadcasts"],
  ["unanswered", "stats"],
  ["export", "import"],
  ["audit", "admins"],
];

/** `/admin`: everything as buttons. */
export async function showAdminMenu(ctx: BotContext): Promise<void> {
  await sendHtml(
    ctx,
    ctx.t("admin.menu.title"),
    InlineKeyboard.from(
      MENU_ROWS.map((row) =>
        row.map((name) =>
          adminButton(ctx.t(`admin.menu.${name}`), AdminCallbacks.menu.encode({ entry: name })),
        ),
      ),
    ),
  );
}

const ADMIN_WIZARDS = [
  NEW_EVENT,
  EDIT_EVENT,
  BROADCAST_COMPOSE,
  ANNOUNCE_EDIT,
  ANNOUNCE_SCHEDULE,
] as const;

function menuFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature.command("admin", showAdminMenu);
  feature.callbackQuery(AdminCallbacks.menu.pattern, async (ctx, next) => {
    const data = AdminCallbacks.menu.decode(ctx.callbackQuery.data);
    if (!data) return next();
    await ctx.answerCallbackQuery();
    await MENU[data.entry](ctx);
  });
  return feature;
}

/** Builds the coordinator feature. Install after the conversations plugin. */
export function adminFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  const plugins = [adminConversationContext(deps)];
  const wizards = new LeanComposer<BotContext>();
  wizards.use(createConversation(newEventConversation, { id: NEW_EVENT, plugins }));
  wizards.use(createConversation(editEventConversation, { id: EDIT_EVENT, plugins }));
  wizards.use(createConversation(broadcastComposeConversation, { id: BROADCAST_COMPOSE, plugins }));
  wizards.use(createConversation(announceEditConversation, { id: ANNOUNCE_EDIT, plugins }));
  wizards.use(createConversation(announceScheduleConversation, { id: ANNOUNCE_SCHEDULE, plugins }));
  // The coordinator wizards are entered only from the coordinator side (behind the gate below),
  // so an update that cannot reach it and finds none of them open skips them: customers' messages
  // no longer set up five conversations each. An open wizard still sees every message (and
  // refuses one from a coordinator whose role was removed meanwhile).
  feature.filter(
    (ctx) =>
      mayReachCoordinatorSide(ctx) || ADMIN_WIZARDS.some((id) => ctx.conversation.active(id) > 0),
    wizards,
  );

  const coordinators = new LeanComposer<BotContext>();
  coordinators.use(
    menuFeature(),
    adminRolesFeature(),
    adminEventsFeature(),
    adminBroadcastFeature(),
    adminInsightsFeature(),
    adminSheetFeature(),
    adminBackupFeature(),
    adminConfirmFeature(),
  );
  feature.use(adminGate(coordinators));
  return feature;
}
