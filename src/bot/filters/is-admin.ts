/**
 * Server-side role checks for every coordinator command and button. A customer who types an
 * admin command or crafts admin callback data falls through to the ordinary answers (unknown
 * command / expired button) and the attempt is logged; nothing hints that admin features exist.
 */
import type { Composer, MiddlewareFn } from "grammy";
import { ANY_ADMIN_CALLBACK } from "../admin-callback-data.js";
import type { BotContext } from "../context.js";

/** Commands only coordinators may use (without the slash). */
export const ADMIN_COMMANDS = [
  "admin",
  "admins",
  "addadmin",
  "removeadmin",
  "newevent",
  "editevent",
  "cancelevent",
  "broadcast",
  "broadcasts",
  "unanswered",
  "stats",
  "export",
  "import",
  "audit",
] as const;

/** Commands customers also have, which coordinators see differently (e.g. `/events`). */
const SHARED_COMMANDS = new Set(["events", "lich", "cancel"]);
const ADMIN_COMMAND_SET: ReadonlySet<string> = new Set(ADMIN_COMMANDS);
const ADMIN_CALLBACK = ANY_ADMIN_CALLBACK;

/** The command name of a message (`/newevent@LoaBot x` → `newevent`), lower-cased. */
export function commandOf(text: string | undefined): string | undefined {
  const match = text?.match(/^\/([A-Za-z0-9_]+)(?:@\w+)?(?:\s|$)/);
  return match?.[1]?.toLowerCase();
}

/** What an update asks of the coordinator side; undefined for ordinary customer traffic. */
export function adminTarget(ctx: BotContext): string | undefined {
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) return ADMIN_CALLBACK.test(data) ? `callback ${data}` : undefined;
  const command = commandOf(ctx.message?.text ?? ctx.message?.caption);
  if (command && ADMIN_COMMAND_SET.has(command)) return `/${command}`;
  return undefined;
}

/**
 * Whether an update may concern the coordinator side at all (an admin command or button, or what
 * coordinators also send: shared commands, forwards, files); false for ordinary customer traffic.
 */
export function mayReachCoordinatorSide(ctx: BotContext): boolean {
  return adminTarget(ctx) !== undefined || mayConcernCoordinators(ctx);
}

function mayConcernCoordinators(ctx: BotContext): boolean {
  const command = commandOf(ctx.message?.text);
  return (
    (command !== undefined && SHARED_COMMANDS.has(command)) ||
    !!ctx.message?.forward_origin ||
    !!ctx.message?.document
  );
}

/** True when the sender is an owner or a coordinator. */
export async function isCoordinator(ctx: BotContext): Promise<boolean> {
  const id = ctx.from?.id;
  return id !== undefined && (await ctx.deps.admin.roles.isCoordinator(id));
}

/**
 * Runs `admin` only for coordinators in private chats. Anyone else goes on down the chain as
 * if the coordinator side did not exist; their attempt is logged and audited.
 */
export function adminGate(admin: Composer<BotContext>): MiddlewareFn<BotContext> {
  const inner = admin.middleware();
  return async (ctx, next) => {
    const target = adminTarget(ctx);
    if (!target && !mayConcernCoordinators(ctx)) return next();
    if (ctx.chat?.type === "private" && (await isCoordinator(ctx))) return inner(ctx, next);
    if (target && ctx.from) {
      ctx.log.warn(
        { from: ctx.from.id, target },
        "refused coordinator action from a non-coordinator",
      );
      await ctx.deps.admin.audit.record(
        { actorId: ctx.from.id, actorName: ctx.from.first_name, action: "denied", target },
        ctx.deps.clock.now(),
      );
    }
    return next();
  };
}
