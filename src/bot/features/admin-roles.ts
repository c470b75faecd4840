/** `/admins`, `/addadmin <id> [name]` or a forwarded message, `/removeadmin <id>`. */
import { AdminCallbacks } from "../admin-callback-data.js";
import { type Composer, InlineKeyboard } from "grammy";
import type { RoleChange } from "../../domain/admin/roles.js";
import { escapeHtml } from "../../presentation/html.js";
import type { BotContext } from "../context.js";
import { endAdminConversations } from "../conversations/admin-context.js";
import { hideAdminCommands, showAdminCommands } from "./admin-commands.js";
import { adminButton, sendHtml } from "./admin-ui.js";
import { LeanComposer } from "../lean-composer.js";

/** Lists owners and coordinators. */
export async function listAdmins(ctx: BotContext): Promise<void> {
  const roles = ctx.deps.admin.roles;
  const owners = roles.owners().map((id) => `• <code>${id}</code> ${ctx.t("admin.roles.owner")}`);
  const coordinators = (await roles.coordinators()).map(
    (a) => `• <code>${a.userId}</code> ${escapeHtml(a.name ?? "")}`,
  );
  await sendHtml(
    ctx,
    [ctx.t("admin.roles.title"), ...owners, ...coordinators, "", ctx.t("admin.roles.hint")].join(
      "\n",
    ),
  );
}

async function report(ctx: BotContext, change: RoleChange, doneKey: string, userId: number) {
  if (!change.ok) {
    await sendHtml(ctx, ctx.t(`admin.roles.${change.reason}`, { id: userId }));
    return;
  }
  const now = ctx.deps.clock.now();
  await ctx.deps.admin.audit.record(
    {
      actorId: ctx.from?.id ?? 0,
      actorName: ctx.from?.first_name,
      action: doneKey === "added" ? "admin.add" : "admin.remove",
      target: String(userId),
      after: change.record,
    },
    now,
  );
  if (doneKey === "added") await showAdminCommands(ctx.api, ctx.deps, userId);
  else {
    await hideAdminCommands(ctx.api, ctx.deps, userId);
    // Their open wizards stop now; each later step would also refuse them (admin-prompts).
    await endAdminConversations(ctx.deps, userId);
  }
  await sendHtml(ctx, ctx.t(`admin.roles.${doneKey}`, { id: userId }));
}

async function add(ctx: BotContext, userId: number, name: string | undefined) {
  const change = await ctx.deps.admin.roles.add(
    ctx.from?.id ?? 0,
    userId,
    name,
    ctx.deps.clock.now(),
  );
  await report(ctx, change, "added", userId);
}

/** Role management (coordinators only; changes by owners only). */
export function adminRolesFeature(): Composer<BotContext> {
  const feature = new LeanComposer<BotContext>();
  feature.command("admins", listAdmins);
  feature.command("addadmin", async (ctx) => {
    const [id, ...name] = ctx.match.trim().split(/\s+/);
    if (!id || !/^\d+$/.test(id)) {
      await sendHtml(ctx, ctx.t("admin.roles.add_usage"));
      return;
    }
    await add(ctx, Number(id), name.join(" ") || undefined);
  });
  feature.command("removeadmin", async (ctx) => {
    const id = ctx.match.trim();
    if (!/^\d+$/.test(id)) {
      await sendHtml(ctx, ctx.t("admin.roles.remove_usage"));
      return;
    }
    const change = await ctx.deps.admin.roles.remove(ctx.from?.id ?? 0, Number(id));
    await report(ctx, change, "removed", Number(id));
  });
  // An owner forwards a message from someone: offer to make them a coordinator.
  feature.on("message", async (ctx, next) => {
    const origin = ctx.message.forward_origin;
    if (!origin || (await ctx.deps.admin.roles.roleOf(ctx.from.id)) !== "owner") return next();
    if (origin.type !== "user") {
      await sendHtml(ctx, ctx.t("admin.roles.forward_hidden"));
      return;
    }
    const user = origin.sender_user;
    await sendHtml(
      ctx,
      ctx.t("admin.roles.forward_offer", { name: escapeHtml(user.first_name), id: user.id }),
      InlineKeyboard.from([
        [
          adminButton(
            ctx.t("admin.button.add_admin"),
            AdminCallbacks.addAdmin.encode({ userId: String(user.id) }),
          ),
        ],
      ]),
    );
  });
  feature.callbackQuery(AdminCallbacks.addAdmin.pattern, async (ctx, next) => {
    const data = AdminCallbacks.addAdmin.decode(ctx.callbackQuery.data);
    if (!data) return next();
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await add(ctx, Number(data.userId), undefined);
  });
  return feature;
}
