/**
 * The eligibility check as one pure state machine, `(state, input, now) → turn`, shared by every
 * channel: Telegram renders a turn as an edited message with buttons, Zalo as a fresh numbered
 * message. Which programme, which steps, which choices and what to say come from the loaded
 * programmes and their rules; the turn carries data and message keys, never UI text.
 */
import { allViews, type CatalogueSnapshot, upcomingViews } from "../event-views.js";
import { fold } from "../text/normalize.js";
import type { LocalizedText, Programme, Province } from "../types.js";
import { type CheckConclusion, concludeCheck } from "./conclude.js";
import { activeSteps, matchOption, nextStep } from "./engine.js";
import type { EligibilityRules, ProgrammeRules } from "./rules.js";

/** A check untouched this long expires politely. */
export const CHECK_TTL_MS = 24 * 60 * 60 * 1000;
/** After this many answers it could not read, the check shows its choices again. */
export const MAX_MISSES = 3;
/** History entry meaning "the customer picked the programme from a list" (Back returns to it). */
const PROGRAMME_PICKED = "#programme";
const MAX_PROVINCE_CHOICES = 6;

/** A check in progress: plain data, so a channel can store it and a restart continues it. */
export interface CheckState {
  /** The programme being checked; undefined while the customer is choosing it. */
  programmeId?: string | undefined;
  /** The event the check started from (its ✅ button), if any. */
  startEventId?: string | undefined;
  /** Step id → option id (or province id for the province step). */
  answers: Record<string, string>;
  /** Answered step ids in order, for Back. */
  history: string[];
  misses: number;
  /** Epoch ms of the customer's last input, on the bot clock. */
  lastSeenAt: number;
  /** Values offered at the current question, in order: a number or button index picks one. */
  offered?: string[] | undefined;
  /** Grows with every question asked; buttons carry it, so a press on an old one is recognised. */
  seq?: number | undefined;
}

/** What the machine reads: the catalogue (programmes, events, provinces) and rules per programme. */
export interface CheckEnv {
  rules: ProgrammeRules;
  snapshot: CatalogueSnapshot;
}

/** How the check starts: from an event's button, for a named programme, or with no context. */
export interface CheckStart {
  eventId?: string | undefined;
  programmeId?: string | undefined;
}

/** One input from the customer. `seq` is the question a button belonged to (channels with buttons). */
export type CheckInput =
  | { kind: "text"; text: string }
  | { kind: "pick"; index: number; seq?: number | undefined }
  | { kind: "back"; seq?: number | undefined }
  | { kind: "other_province"; seq?: number | undefined }
  | { kind: "cancel" }
  /** A sticker, photo or anything that is not text. */
  | { kind: "unreadable" };

/** How to answer the current question: the data's hint, or the channel's province hint. */
export type CheckHint =
  | { kind: "data"; text: LocalizedText }
  | { kind: "province" }
  | { kind: "programme" };

/** A message key (under `eligibility.`) with its values, shown before or instead of a question. */
export type CheckNotice =
  | { key: "province_merged"; province: LocalizedText; current: LocalizedText }
  | { key: "not_understood"; hint: CheckHint }
  | { key: "unknown_province"; typed: string; hint: CheckHint }
  | { key: "buttons_again" }
  | { key: "non_text" };

/** A question to show. */
export interface CheckPrompt {
  kind: "programme" | "choice" | "province";
  /** "Bước position/total"; 0 for the programme question, which is not one of its steps. */
  position: number;
  total: number;
  /** The step's question from the rules; undefined for the programme question (a locale key). */
  question?: LocalizedText | undefined;
  hint?: CheckHint | undefined;
  /** Labels of the choices, in the order of `state.offered`. */
  choices: LocalizedText[];
  /** Offer "another province" (the province step lists only some). */
  otherProvince: boolean;
  canGoBack: boolean;
  /** Said before the question (a merged province, three unreadable answers). */
  notices: CheckNotice[];
}

/** What to do next. Terminal turns carry no state. */
export type CheckTurn =
  | { kind: "ask"; state: CheckState; prompt: CheckPrompt }
  /** The answer could not be read: say so, the question stays. */
  | { kind: "retry"; state: CheckState; notice: CheckNotice }
  /** "Other province" pressed: ask to type it. */
  | { kind: "type_province"; state: CheckState }
  /** A button of an earlier question: nothing changes. */
  | { kind: "stale"; state: CheckState }
  | { kind: "result"; programmeId: string; conclusion: CheckConclusion }
  /** Programmes that have no check: say whom they are for (empty: nothing is loaded). */
  | { kind: "audience"; programmes: Programme[] }
  | { kind: "cancelled" }
  | { kind: "expired" };

const CANCEL_WORDS = new Set(["huy", "huy bo", "cancel", "thoat", "stop", "dung lai", "thoi"]);
const BACK_WORDS = new Set(["quay lai", "back", "lui", "tro lai", "quay ve"]);

function provinceText(province: Province): LocalizedText {
  return { vi: province.name, en: province.asciiName };
}

/** Programmes a check can be about: those with upcoming events, or every one when none has. */
export function checkableProgrammes(snapshot: CatalogueSnapshot): Programme[] {
  const coming = new Set(upcomingViews(snapshot).map((v) => v.programme.id));
  const upcoming = snapshot.programmes.filter((p) => coming.has(p.id));
  return upcoming.length > 0 ? upcoming : [...snapshot.programmes];
}

/** Provinces to offer as buttons: the programme's upcoming ones, else every one it visited. */
function provinceOptions(env: CheckEnv, programmeId: string): string[] {
  const views = allViews(env.snapshot).filter(
    (v) => v.programme.id === programmeId && v.event.status !== "cancelled",
  );
  const open = views.filter((v) => !v.past);
  const chosen = open.length > 0 ? open : views.reverse();
  return [...new Set(chosen.map((v) => v.province.id))].slice(0, MAX_PROVINCE_CHOICES);
}

function programmeOf(env: CheckEnv, id: string | undefined): Programme | undefined {
  return id === undefined ? undefined : env.snapshot.programmes.find((p) => p.id === id);
}

function rulesOf(env: CheckEnv, state: CheckState): EligibilityRules | undefined {
  return state.programmeId === undefined ? undefined : env.rules[state.programmeId];
}

/** The question for `state` (or the result when every step is answered). */
function ask(env: CheckEnv, state: CheckState, notices: CheckNotice[] = []): CheckTurn {
  const seq = (state.seq ?? 0) + 1;
  if (state.programmeId === undefined) {
    const programmes = checkableProgrammes(env.snapshot);
    return {
      kind: "ask",
      state: { ...state, offered: programmes.map((p) => p.id), seq },
      prompt: {
        kind: "programme",
        position: 0,
        hint: { kind: "programme" },
        total: 0,
        choices: programmes.map((p) => p.name),
        otherProvince: false,
        canGoBack: false,
        notices,
      },
    };
  }
  const rules = rulesOf(env, state);
  const programme = programmeOf(env, state.programmeId);
  if (!rules) return { kind: "audience", programmes: programme ? [programme] : [] };
  const step = nextStep(rules, state.answers);
  if (!step) {
    return {
      kind: "result",
      programmeId: state.programmeId,
      conclusion: concludeCheck(
        rules,
        state.answers,
        env.snapshot,
        state.programmeId,
        state.startEventId,
      ),
    };
  }
  const steps = activeSteps(rules, state.answers);
  const offered =
    step.kind === "choice"
      ? step.options.map((o) => o.id)
      : provinceOptions(env, state.programmeId);
  const choices =
    step.kind === "choice"
      ? step.options.map((o) => o.label)
      : offered.map((id) => {
          const province = env.snapshot.gazetteer.get(id);
          return province ? provinceText(province) : { vi: id };
        });
  return {
    kind: "ask",
    state: { ...state, offered, seq },
    prompt: {
      kind: step.kind,
      position: steps.findIndex((s) => s.id === step.id) + 1,
      total: steps.length,
      question: step.question,
      hint: step.kind === "choice" ? { kind: "data", text: step.hint } : { kind: "province" },
      choices,
      otherProvince: step.kind === "province",
      canGoBack: state.history.length > 0,
      notices,
    },
  };
}

function choose(env: CheckEnv, state: CheckState, programmeId: string, picked: boolean): CheckTurn {
  if (!env.rules[programmeId]) {
    const programme = programmeOf(env, programmeId);
    return { kind: "audience", programmes: programme ? [programme] : [] };
  }
  return ask(env, {
    ...state,
    programmeId,
    answers: {},
    history: picked ? [PROGRAMME_PICKED] : [],
  });
}

/** Starts a check: straight into a programme when the context or the catalogue names one. */
export function startCheck(env: CheckEnv, start: CheckStart, now: number): CheckTurn {
  const state: CheckState = { answers: {}, history: [], misses: 0, lastSeenAt: now };
  const fromEvent = env.snapshot.events.find((e) => e.id === start.eventId);
  const named = programmeOf(env, fromEvent?.programmeId ?? start.programmeId);
  if (named) return choose(env, { ...state, startEventId: fromEvent?.id }, named.id, false);
  const programmes = checkableProgrammes(env.snapshot);
  const [only] = programmes;
  if (programmes.length === 1 && only) return choose(env, state, only.id, false);
  if (programmes.length === 0) return { kind: "audience", programmes: [] };
  return ask(env, state);
}

function back(env: CheckEnv, state: CheckState): CheckTurn {
  const history = [...state.history];
  const previous = history.pop();
  if (previous === PROGRAMME_PICKED) {
    return ask(env, { ...state, programmeId: undefined, answers: {}, history: [] });
  }
  const answers = { ...state.answers };
  if (previous) delete answers[previous];
  return ask(env, { ...state, answers, history, misses: 0 });
}

function answer(env: CheckEnv, state: CheckState, stepId: string, value: string): CheckTurn {
  const notices: CheckNotice[] = [];
  const rules = rulesOf(env, state);
  const step = rules?.steps.find((s) => s.id === stepId);
  if (step?.kind === "province") {
    const province = env.snapshot.gazetteer.get(value);
    const current = env.snapshot.gazetteer.currentOf(value);
    if (province && current && current.id !== province.id) {
      notices.push({
        key: "province_merged",
        province: provinceText(province),
        current: provinceText(current),
      });
    }
  }
  return ask(
    env,
    {
      ...state,
      answers: { ...state.answers, [stepId]: value },
      history: [...state.history, stepId],
      misses: 0,
    },
    notices,
  );
}

function miss(env: CheckEnv, state: CheckState, notice: CheckNotice): CheckTurn {
  const misses = state.misses + 1;
  if (misses >= MAX_MISSES)
    return ask(env, { ...state, misses: 0 }, [notice, { key: "buttons_again" }]);
  return { kind: "retry", state: { ...state, misses }, notice };
}

function pickProgramme(env: CheckEnv, state: CheckState, typed: string): string | undefined {
  const offered = state.offered ?? checkableProgrammes(env.snapshot).map((p) => p.id);
  const folded = fold(typed);
  const digit = /^\d{1,2}$/.test(folded) ? Number(folded) : undefined;
  if (digit !== undefined) return offered[digit - 1];
  if (folded.length < 3) return undefined;
  const hits = offered.filter((id) => {
    const programme = programmeOf(env, id);
    if (!programme) return false;
    const names = [programme.name.vi, programme.name.en ?? ""].map(fold).filter(Boolean);
    return names.some((name) => ` ${name} `.includes(` ${folded} `) || folded.includes(name));
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/** Handles one input to a check in progress. Pure: `now` is epoch ms on the bot clock. */
export function stepCheck(
  env: CheckEnv,
  current: CheckState,
  input: CheckInput,
  now: number,
): CheckTurn {
  if (now - current.lastSeenAt > CHECK_TTL_MS) return { kind: "expired" };
  let state: CheckState = { ...current, lastSeenAt: now };
  if (state.programmeId === undefined && state.offered === undefined) {
    // Saved before checks were per programme (no programme, no offered list): it was the
    // check of the programme the rules file bound to, the first one.
    state = { ...state, programmeId: Object.keys(env.rules)[0] };
  }
  const stale = "seq" in input && input.seq !== undefined && input.seq !== (state.seq ?? input.seq);
  if (stale) return { kind: "stale", state };
  switch (input.kind) {
    case "cancel":
      return { kind: "cancelled" };
    case "back":
      return back(env, state);
    case "unreadable":
      return { kind: "retry", state, notice: { key: "non_text" } };
    case "other_province":
      return { kind: "type_province", state };
    case "pick": {
      const value = state.offered?.[input.index];
      if (value === undefined) return { kind: "stale", state };
      if (state.programmeId === undefined) return choose(env, state, value, true);
      const rules = rulesOf(env, state);
      const step = rules && nextStep(rules, state.answers);
      return step ? answer(env, state, step.id, value) : ask(env, state);
    }
    case "text": {
      const typed = fold(input.text);
      if (CANCEL_WORDS.has(typed)) return { kind: "cancelled" };
      if (BACK_WORDS.has(typed)) return back(env, state);
      if (state.programmeId === undefined) {
        const id = pickProgramme(env, state, input.text);
        return id
          ? choose(env, state, id, true)
          : miss(env, state, { key: "not_understood", hint: { kind: "programme" } });
      }
      const rules = rulesOf(env, state);
      const step = rules && nextStep(rules, state.answers);
      if (!step) return ask(env, state);
      if (step.kind === "choice") {
        const value = matchOption(step, input.text);
        return value
          ? answer(env, state, step.id, value)
          : miss(env, state, { key: "not_understood", hint: { kind: "data", text: step.hint } });
      }
      const digit = /^\d{1,2}$/.test(typed) ? Number(typed) : undefined;
      const value =
        digit !== undefined
          ? state.offered?.[digit - 1]
          : env.snapshot.gazetteer.resolve(input.text)?.id;
      return value
        ? answer(env, state, step.id, value)
        : miss(env, state, {
            key: "unknown_province",
            typed: input.text.slice(0, 60),
            hint: { kind: "province" },
          });
    }
  }
}
