import { autoRetry } from "@grammyjs/auto-retry";
import { conversations } from "@grammyjs/conversations";
import { Bot, type BotConfig, GrammyError, HttpError, session } from "grammy";
import type { BotContext, SessionData } from "./context.js";
import type { BotDeps } from "./deps.js";
import { eligibilityFeature } from "./features/eligibility.js";
import { eventsFeature } from "./features/events.js";
import { subscribeFeature } from "./features/subscribe.js";
import { fallbackFeature } from "./features/fallback.js";
import { languageFeature } from "./features/language.js";
import { questionsFeature } from "./features/questions.js";
import { welcomeFeature } from "./features/welcome.js";
import { adminFeature } from "./features/admin.js";
import { deskFeature } from "./features/admin-desk.js";
import { handoffFeature } from "./features/admin-handoff.js";
import { registerAdminCommands } from "./features/admin-commands.js";
import { deepLinkStart, groupRedirects } from "./features/groups.js";
import { reachabilityFeature } from "./features/reachability.js";
import { broadcastPresses } from "./middlewares/broadcast-presses.js";
import { LeanComposer } from "./lean-composer.js";
import { floodGuard } from "./middlewares/flood-guard.js";
import { loaContext } from "./middlewares/loa-context.js";
import { LEAN_CLIENT } from "./transport/lean-fetch.js";
import { ANSWER_METHOD, ShuttingDownError, replyLane } from "./transport/reply-lane.js";
import { splitLongMessages } from "./transport/split-long.js";

/** Options for {@link createBot}. */
export interface CreateBotOptions {
  token: string;
  /** Bot API root, e.g. the loopback emulator. */
  apiRoot?: string | undefined;
  /** Skip `getMe` (tests and benchmarks that feed updates by hand). */
  botInfo?: BotConfig<BotContext>["botInfo"];
  /** Aborted at shutdown: answers still being retried give up (their update is replayed). */
  shutdown?: AbortSignal | undefined;
}

/** Builds the Telegram bot: middleware, features, error boundary. Does not start it. */
export function createBot(deps: BotDeps, options: CreateBotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: {
      ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
      // Long polls hold 30 s; anything else that hangs this long is a network fault.
      timeoutSeconds: 60,
      ...LEAN_CLIENT,
    },
  });
  // Innermost: once stopping, nothing new goes out, so no retry loop outlives the stop.
  bot.api.config.use((prev, method, payload, signal) => {
    if (options.shutdown?.aborted) throw new ShuttingDownError(`stopping before ${method}`);
    return prev(method, payload, signal);
  });
  // Inside the retries, so it sees every 429, also those that are then waited out.
  const { metrics } = deps;
  if (metrics) {
    bot.api.config.use(async (prev, method, payload, signal) => {
      const result = await prev(method, payload, signal);
      if (!result.ok && result.error_code === 429) metrics.rateLimited("telegram");
      return result;
    });
  }
  // Everything but answers (getMe, menus, chat actions, files): 429 waits retry_after, 5xx and
  // network errors get a few retries with backoff.
  const retryOthers = autoRetry({
    maxRetryAttempts: 3,
    maxDelaySeconds: 60,
    rethrowHttpErrors: false,
  });
  bot.api.config.use((prev, method, payload, signal) =>
    ANSWER_METHOD.test(method)
      ? prev(method, payload, signal)
      : retryOthers(prev, method, payload, signal),
  );
  // Answers: the reply lane of the channel's limiter, retried until they go through.
  bot.api.config.use(
    replyLane({
      limiter: deps.delivery.engine.limiter("telegram"),
      shutdown: options.shutdown,
      onRetry: (method, reason, waitMs) =>
        deps.logger.warn({ method, reason, waitMs }, "answer not sent yet; retrying"),
    }),
  );
  // Installed last, so it runs first: over-long texts are split, each part retried on its own.
  bot.api.config.use(splitLongMessages());

  // One flat chain for everything (see LeanComposer): grammY's own `use` nests two async
  // closures per registration.
  const root = new LeanComposer<BotContext>();
  bot.use(root);
  if (metrics) {
    // First in the chain: how long an update takes to handle, answers included.
    root.use(async (_ctx, next) => {
      const started = performance.now();
      let ok = false;
      try {
        await next();
        ok = true;
      } finally {
        metrics.updateHandled((performance.now() - started) / 1000, ok);
      }
    });
  }
  root.use(loaContext(deps));
  // Before anything reads callback data: a broadcast button's press is counted and untagged.
  root.use(broadcastPresses());
  root.use(
    session<SessionData, BotContext>({
      initial: () => ({}),
      storage: deps.sessionStorage,
      getSessionKey: (ctx) => (ctx.chat ? `telegram:${ctx.chat.id}` : undefined),
    }),
  );
  root.use(
    conversations<BotContext, BotContext>({
      storage: { type: "key", adapter: deps.conversationStorage },
    }),
  );

  // The care desk's coordinator side also works in the coordinators' group, so it comes before
  // the private-chat coordinator gate.
  root.use(deskFeature());
  root.use(reachabilityFeature());
  root.use(floodGuard());

  root.use(groupRedirects());

  // Coordinators first: their /events differs, and customers fall through untouched.
  root.use(adminFeature(deps));
  // The eligibility wizard sees a customer's messages before other features while it is open.
  root.use(eligibilityFeature(deps));
  // "gặp người thật": before question understanding.
  root.use(handoffFeature());
  root.use(deepLinkStart());
  root.use(welcomeFeature());
  root.use(languageFeature());
  root.use(eventsFeature());
  root.use(subscribeFeature());
  root.use(questionsFeature());
  root.use(fallbackFeature());

  bot.catch(async (error) => {
    const ctx = error.ctx;
    const cause = error.error;
    const details =
      cause instanceof GrammyError
        ? { error_code: cause.error_code, description: cause.description, method: cause.method }
        : cause instanceof HttpError
          ? { network: String(cause.error) }
          : { err: cause };
    // Stopping: the update stays in the inbox and is handled again at the next start.
    if (cause instanceof ShuttingDownError) return;
    (ctx.log ?? deps.logger).error(
      { update_id: ctx.update.update_id, ...details },
      "update failed",
    );
    const forbidden = cause instanceof GrammyError && cause.error_code === 403;
    // 403 in a private chat: the user blocked the bot or is gone; stop sending to them.
    if (forbidden && ctx.chat?.type === "private" && ctx.from) {
      await deps.users
        .markBlocked(`telegram:${ctx.from.id}`, deps.clock.now())
        .catch((err: unknown) => deps.logger.warn({ err }, "could not mark a user blocked"));
    }
    // Never leak details to the chat; tell the user something went wrong, if we still can.
    if (ctx.chat && !forbidden) {
      const t = ctx.t ?? deps.i18n.t("vi");
      await ctx.reply(t("errors.generic")).catch(() => undefined);
    }
  });
  return bot;
}

/** Registers the command menus (vi default, en for English clients). Failure is logged, not fatal. */
export async function registerCommands(bot: Bot<BotContext>, deps: BotDeps): Promise<void> {
  const commands = (lang: "vi" | "en") => {
    const t = deps.i18n.t(lang);
    return [
      "start",
      // One of /events and /lich (an alias that still works when typed), not both.
      "events",
      "check",
      "subscribe",
      "mysubs",
      "unsubscribe",
      "cancel",
      "language",
      "forgetme",
      "help",
    ].map((command) => ({
      command,
      description: t(`commands.${command}`),
    }));
  };
  try {
    await bot.api.setMyCommands(commands("vi"));
    await bot.api.setMyCommands(commands("en"), { language_code: "en" });
  } catch (error) {
    deps.logger.warn({ err: error }, "setMyCommands failed; the bot works without the menu");
  }
  await registerAdminCommands(bot, deps);
}
