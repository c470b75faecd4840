/**
 * The Zalo channel on the same domain code as Telegram: questions go through the QA service,
 * answers through the same renderer, choices become numbered replies.
 */
import { answer } from "../domain/answers.js";
import { fold } from "../domain/text/normalize.js";
import type { Lang } from "../domain/types.js";
import type { DialogueContext, Understanding } from "../domain/understanding/intents.js";
import type { BotDeps } from "../bot/deps.js";
import { Actions } from "../presentation/actions.js";
import { renderAnswer } from "../presentation/answer.js";
import { withoutButtons } from "../presentation/text-channel.js";
import type { Choice } from "../presentation/reply.js";
import type { ZaloStateRepository } from "../domain/ports.js";
import type { ZaloClient, ZaloUpdate } from "./client.js";
import {
  continueWizard,
  startWizard,
  type WizardTurn,
  type ZaloWizard,
} from "./eligibility-wizard.js";
import { htmlToPlain, renderPlain, splitMessage } from "./plain-text.js";
import { handOff, isHandoffRequest } from "../bot/features/admin-handoff.js";

/** Typed ways to start the check (folded). */
const CHECK_WORDS = new Set([
  "/check",
  "check",
  "/dieukien",
  "dieukien",
  "kiem tra dieu kien",
  "kiem tra",
]);

interface ZaloChatState {
  dialogue?: DialogueContext | undefined;
  /** The numbered options last offered, so "2" means what the user saw. */
  choices?: Choice[] | undefined;
  /** An eligibility check in progress. */
  wizard?: ZaloWizard | undefined;
}

/** A message the channel can handle: who wrote, in which chat, and text if any. */
function isUsable(update: ZaloUpdate): boolean {
  const message = update.message as Partial<ZaloUpdate["message"]> | undefined;
  return (
    typeof message === "object" &&
    message !== null &&
    typeof message.from?.id === "string" &&
    message.from.id.length > 0 &&
    typeof message.chat?.id === "string" &&
    message.chat.id.length > 0 &&
    (message.text === undefined || typeof message.text === "string")
  );
}

/** Handles Zalo updates. */
export interface ZaloChannel {
  /** Handles one update; false when it was a duplicate delivery. */
  handle(update: ZaloUpdate): Promise<boolean>;
}

/** Picks the option the user meant: a digit, the option's label, or words from it. */
export function pickChoice(choices: readonly Choice[], text: string): Choice | undefined {
  const typed = fold(text);
  if (!typed) return undefined;
  const number = /^(\d{1,2})$/.exec(typed)?.[1];
  if (number) return choices[Number(number) - 1];
  const exact = choices.find((c) => fold(c.label) === typed);
  if (exact) return exact;
  const containing = choices.filter((c) => ` ${fold(c.label)} `.includes(` ${typed} `));
  return containing.length === 1 ? containing[0] : undefined;
}

/** Creates the channel. */
export async function createZaloChannel(
  deps: BotDeps,
  client: ZaloClient,
  state: ZaloStateRepository,
): Promise<ZaloChannel> {
  const chatOf = async (key: string) =>
    ((await state.chats.get(key)) as ZaloChatState | undefined) ?? {};
  const updateChat = async (key: string, change: Partial<ZaloChatState>) => {
    await state.chats.put(key, { ...(await chatOf(key)), ...change });
  };

  const send = async (chatId: string, text: string) => {
    for (const part of splitMessage(text)) await client.sendMessage(chatId, part);
  };

  const say = async (
    key: string,
    chatId: string,
    lang: Lang,
    build: () => ReturnType<typeof renderAnswer>,
  ) => {
    const t = withoutButtons(deps.i18n.t(lang));
    const { text, choices } = renderPlain(build(), t);
    await updateChat(key, { choices: choices.length > 0 ? choices : undefined });
    await send(chatId, text);
  };

  const ask = (intent: Understanding["intent"], lang: Lang): Understanding => ({
    intent,
    provinceIds: [],
    lang,
    followUp: false,
    confidence: 1,
  });

  const play = async (key: string, chatId: string, turn: WizardTurn) => {
    await updateChat(key, {
      wizard: turn.wizard,
      choices: turn.choices.length > 0 ? turn.choices : undefined,
    });
    await send(chatId, turn.text);
  };

  const runChoice = async (
    key: string,
    chatId: string,
    lang: Lang,
    picked: Choice,
  ): Promise<void> => {
    const t = withoutButtons(deps.i18n.t(lang));
    const now = deps.clock.now();
    const { subscriptions } = deps.delivery;
    switch (picked.action) {
      case Actions.remind: {
        const [first = "", provinceId] = picked.args;
        const province = provinceId ? deps.gazetteer.get(provinceId) : undefined;
        if (first === "p" && province) {
          // Following a province promises news of new events there, not a reminder.
          await subscriptions.subscribeProvince(key, province.id, lang, now);
          const name = lang === "en" ? province.asciiName : province.name;
          await send(chatId, htmlToPlain(t("subscribe.province_done", { province: name })));
          return;
        }
        const result = await subscriptions.subscribeEvent(key, first, lang, now);
        await send(chatId, t(result.ok ? "zalo.subscribed" : "zalo.subscribe_failed"));
        return;
      }
      case Actions.check:
        await play(key, chatId, await startWizard(deps, now, lang, picked.args[0], key));
        return;
      case Actions.help:
        await send(chatId, t("zalo.help"));
        return;
      default: {
        const intent =
          picked.action === Actions.ask
            ? picked.args[0] === "cost"
              ? "cost"
              : "services"
            : "list_events";
        const snapshot = await deps.qa.snapshot(now);
        await say(key, chatId, lang, () =>
          renderAnswer(answer(ask(intent, lang), snapshot), t, lang),
        );
      }
    }
  };

  const handleMessage = async (update: ZaloUpdate): Promise<boolean> => {
    const message = update.message;
    const key = `zalo:${message.from.id}`;
    const chatId = message.chat.id;
    const now = deps.clock.now();
    const profile = await deps.users.seen({
      key,
      channel: "zalo",
      chatId,
      name: message.from.display_name,
      now,
    });
    let lang: Lang = profile.langChosen && profile.lang ? profile.lang : "vi";
    const text = update.event_name === "message.text.received" ? message.text?.trim() : undefined;
    if (!text) {
      await send(chatId, deps.i18n.t(lang)("zalo.non_text"));
      return true;
    }
    const chat = await chatOf(key);
    if (chat.wizard) {
      await play(key, chatId, await continueWizard(deps, chat.wizard, text, now, lang, key));
      return true;
    }
    if (CHECK_WORDS.has(fold(text).replace(/^\//, "/"))) {
      await play(key, chatId, await startWizard(deps, now, lang, undefined, key));
      return true;
    }
    const picked = chat.choices ? pickChoice(chat.choices, text) : undefined;
    if (picked) {
      await runChoice(key, chatId, lang, picked);
      return true;
    }
    if (isHandoffRequest(text)) {
      const answer = await handOff(
        deps,
        { userKey: key, name: message.from.display_name, lang, text },
        now,
      );
      await send(chatId, htmlToPlain(answer));
      return true;
    }
    const result = await deps.qa.ask({ text, userKey: key, lang, previous: chat.dialogue, now });
    if (!profile.langChosen && result.understanding.lang === "en") lang = "en";
    if (result.context) {
      await updateChat(key, { dialogue: result.context });
    }
    const t = withoutButtons(deps.i18n.t(lang));
    if (result.answer.kind === "subscribe") {
      const provinceId = result.answer.provinceIds[0] ?? chat.dialogue?.provinceIds[0];
      if (provinceId) {
        const done = await deps.delivery.subscriptions.subscribeProvince(
          key,
          provinceId,
          lang,
          now,
        );
        await send(chatId, t(done.ok ? "zalo.subscribed" : "zalo.subscribe_failed"));
        return true;
      }
    }
    await say(key, chatId, lang, () =>
      renderAnswer(result.answer, t, lang, (id) => {
        const province = deps.gazetteer.get(id);
        return province && (lang === "en" ? province.asciiName : province.name);
      }),
    );
    return true;
  };

  /** Deliveries of one message id being handled now: a repeat waits for the first. */
  const inFlight = new Map<string, Promise<boolean>>();

  return {
    async handle(update) {
      if (!isUsable(update)) {
        deps.logger.warn(
          { event_name: update.event_name },
          "zalo update without sender, chat or text string; ignored",
        );
        return false;
      }
      const id = update.message.message_id;
      // Without an id there is nothing to recognise a repeat by: handle every delivery.
      if (typeof id !== "string" || id.length === 0) return handleMessage(update);
      if (await state.seen.has(id)) return false;
      const running = inFlight.get(id);
      if (running) {
        // A repeat while the first is being handled shares its fate (a failure fails both,
        // and the platform retries).
        await running;
        return false;
      }
      const task = (async () => {
        const handled = await handleMessage(update);
        // Marked only now: a delivery whose handling failed is handled again when retried.
        await state.seen.add(id, deps.clock.now());
        return handled;
      })();
      inFlight.set(id, task);
      try {
        return await task;
      } finally {
        inFlight.delete(id);
      }
    },
  };
}
