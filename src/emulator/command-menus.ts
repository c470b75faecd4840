/** The bot's command menus as `setMyCommands` left them, and which one a user sees. */

/** One command of a menu. */
export interface MenuCommand {
  command: string;
  description: string;
}

/** Menus by scope (default or one chat) and language. */
export class CommandMenus {
  private readonly menus = new Map<string, MenuCommand[]>();

  /**
   * Remembers a menu (setMyCommands) by scope and language, as the Bot API receives them
   * (objects or JSON strings); `commands` undefined deletes it.
   */
  set(scope: unknown, languageCode: unknown, commands: unknown): void {
    const parsed = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
    const scopeValue = parsed(scope) as { type?: string; chat_id?: number | string } | undefined;
    const key = `${scopeValue?.type === "chat" ? `chat:${scopeValue.chat_id}` : "default"}|${typeof languageCode === "string" ? languageCode : ""}`;
    if (commands === undefined) this.menus.delete(key);
    else this.menus.set(key, parsed(commands) as MenuCommand[]);
  }

  /** The menu a user sees, as Telegram picks it: their chat's scope, then the default. */
  for(chatId: number, languageCode = ""): MenuCommand[] {
    const lang = languageCode.slice(0, 2);
    for (const key of [
      `chat:${chatId}|${lang}`,
      `chat:${chatId}|`,
      `default|${lang}`,
      "default|",
    ]) {
      const menu = this.menus.get(key);
      if (menu) return menu;
    }
    return [];
  }
}
