/** The command menu coordinators see: customer commands plus admin ones, per chat. */
import type { Api, Bot } from "grammy";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { ADMIN_COMMANDS } from "../filters/is-admin.js";

/** Customer commands coordinators also see; /cancel stops an open wizard or composer. */
const CUSTOMER_COMMANDS = ["start", "events", "cancel", "help", "language"] as const;

/** Shows the admin commands in `userId`'s private chat. Failure is logged, not fatal. */
export async function showAdminCommands(api: Api, deps: BotDeps, userId: number): Promise<void> {
  const t = deps.i18n.t("vi");
  const commands = [
    ...CUSTOMER_COMMANDS.map((command) => ({ command, description: t(`commands.${command}`) })),
    ...ADMIN_COMMANDS.map((command) => ({ command, description: t(`admin.commands.${command}`) })),
  ];
  try {
    await api.setMyCommands(commands, { scope: { type: "chat", chat_id: userId } });
  } catch (error) {
    deps.logger.warn({ err: error, userId }, "setMyCommands (admin scope) failed");
  }
}

/** Removes the admin menu from `userId`'s chat (back to the default customer menu). */
export async function hideAdminCommands(api: Api, deps: BotDeps, userId: number): Promise<void> {
  try {
    await api.deleteMyCommands({ scope: { type: "chat", chat_id: userId } });
  } catch (error) {
    deps.logger.warn({ err: error, userId }, "deleteMyCommands (admin scope) failed");
  }
}

/** At start-up: the admin menu for every owner and coordinator. */
export async function registerAdminCommands(bot: Bot<BotContext>, deps: BotDeps): Promise<void> {
  const ids = new Set([
    ...deps.admin.roles.owners(),
    ...(await deps.admin.roles.coordinators()).map((a) => a.userId),
  ]);
  for (const id of ids) await showAdminCommands(bot.api, deps, id);
}
