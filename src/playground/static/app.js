// The playground page: identities, the chat with the bot, the clock, the Bot API panel, live.
import { api } from "./api.js";
import { createCallsPanel } from "./calls-panel.js";
import { identityItems, renderReplyKeyboard, suggestionChips } from "./chat-parts.js";
import { createClockControl } from "./clock-control.js";
import { renderMessage } from "./message-view.js";

const $ = (id) => document.getElementById(id);
const app = $("app");
const saved = {
  lang: "loa.playground.lang",
  user: "loa.playground.user",
  calls: "loa.playground.calls",
};
const page = {
  strings: {},
  lang: localStorage.getItem(saved.lang) ?? "vi",
  users: [],
  userId: null,
  presets: {},
  /** First and last event dates, for the "everything is past" banner. */
  catalogue: null,
  clockState: null,
};

// ---- first run: only past events --------------------------------------------------------------

const DAY_MS = 24 * 3600 * 1000;
/** `YYYY-MM-DD` of an instant in Vietnam time. */
const vietnamDay = (instant) =>
  new Date(instant.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const dayMonthYear = (iso) => iso.split("-").reverse().join("/");

/** The instant the banner moves the clock to: 09:00, three days before the first event. */
function previewInstant(first) {
  const day = new Date(Date.parse(`${first}T00:00:00Z`) - 3 * DAY_MS).toISOString().slice(0, 10);
  return `${day}T09:00:00+07:00`;
}

function renderPastBanner() {
  const banner = $("past-banner");
  const { catalogue, clockState } = page;
  const past = catalogue && clockState && vietnamDay(new Date(clockState.now)) > catalogue.last;
  banner.hidden = !past;
  if (past) banner.textContent = t("past_banner", { date: dayMonthYear(catalogue.first) });
}
$("past-banner").addEventListener("click", () => {
  if (!page.catalogue) return;
  void api.setClock(previewInstant(page.catalogue.first)).then(updateClock, showError);
});

function updateClock(state) {
  page.clockState = state;
  clock.update(state);
  renderPastBanner();
}

function t(key, vars = {}) {
  const value = page.strings[page.lang]?.[key] ?? page.strings.vi?.[key] ?? key;
  if (typeof value !== "string") return value;
  return value.replace(/\{\{(\w+)\}\}/g, (_, name) => String(vars[name] ?? ""));
}

function applyStrings() {
  document.documentElement.lang = page.lang;
  document.title = t("page_title");
  for (const node of document.querySelectorAll("[data-i18n]"))
    node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.placeholder = t(node.dataset.i18nPlaceholder);
  }
  for (const node of document.querySelectorAll("[data-i18n-aria]")) {
    node.setAttribute("aria-label", t(node.dataset.i18nAria));
    node.title = t(node.dataset.i18nAria);
  }
  $("lang-switch").textContent = t("language_switch");
  renderIdentities();
  clock.render();
  renderPastBanner();
  void refreshChat();
}

function toast(text) {
  const note = document.createElement("div");
  note.className = "toast";
  note.textContent = text;
  $("toasts").append(note);
  setTimeout(() => note.remove(), 2800);
}

function showError(error) {
  toast(t("error", { error: error.message ?? String(error) }));
}

const currentUser = () => page.users.find((user) => user.id === page.userId);

// ---- identities -------------------------------------------------------------------------------

function renderIdentities() {
  $("identity-list").replaceChildren(...identityItems(page.users, page.userId, t, selectUser));
  const user = currentUser();
  $("as-chip").textContent = user ? t("talking_as", { name: user.first_name }) : "";
  $("chat-sub").textContent = t("bot_status");
  renderSuggestions();
}

function selectUser(id) {
  page.userId = id;
  localStorage.setItem(saved.user, String(id));
  app.classList.remove("drawer-open");
  $("scrim").hidden = true;
  $("message-list").replaceChildren();
  renderIdentities();
  void refreshChat();
}

function renderSuggestions() {
  const examples = t(currentUser()?.coordinator ? "try_coordinator" : "try_customer");
  $("suggestions").replaceChildren(...suggestionChips(examples, (text) => void send(text)));
}

$("new-user-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const user = await api.createUser({
      id: Number(form.get("id")),
      first_name: String(form.get("first_name")),
      language_code: String(form.get("language_code")),
    });
    page.users = [...page.users.filter((known) => known.id !== user.id), user];
    event.target.reset();
    $("new-user").open = false;
    selectUser(user.id);
  } catch (error) {
    showError(error);
  }
});
$("new-user").addEventListener("toggle", () => {
  const id = $("new-user-form").elements.id;
  if (!id.value) id.value = String(2000000 + Math.floor(Math.random() * 7000000));
});

// ---- chat -------------------------------------------------------------------------------------

let refreshing = Promise.resolve();
function refreshChat() {
  refreshing = refreshing.then(renderChat, renderChat);
  return refreshing;
}

async function renderChat() {
  const chatId = page.userId;
  if (chatId === null) return;
  const messages = await api.messages(chatId).catch(() => null);
  if (messages === null || chatId !== page.userId) return;
  const box = $("messages");
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const list = $("message-list");
  const existing = new Map([...list.children].map((node) => [node.dataset.sig, node]));
  const handlers = {
    selfId: chatId,
    strings: page.strings[page.lang] ?? {},
    onPress: press,
    onCommand: (command) => void send(command),
    fileUrl: (message) => api.fileUrl(chatId, message.message_id),
  };
  const nodes = messages.map((message) => {
    const sig = `${page.lang}:${JSON.stringify(message)}`;
    const node = existing.get(sig) ?? renderMessage(document, message, handlers);
    node.dataset.sig = sig;
    return node;
  });
  list.replaceChildren(...nodes);
  $("empty-chat").hidden = messages.length > 0;
  renderReplyKeyboard($("reply-keyboard"), messages, (text) => void send(text));
  if (atBottom || nodes.length !== existing.size) box.scrollTop = box.scrollHeight;
}

async function send(text) {
  if (page.userId === null || !text.trim()) return;
  try {
    await api.sendText(page.userId, text);
  } catch (error) {
    showError(error);
  }
}

async function press(messageId, data, button) {
  button.classList.add("pending");
  try {
    const { answer } = await api.press(page.userId, messageId, data);
    if (answer?.text && answer.show_alert) {
      $("alert-text").textContent = answer.text;
      $("alert-dialog").showModal();
    } else if (answer?.text) toast(answer.text);
  } catch (error) {
    showError(error);
  } finally {
    button.classList.remove("pending");
  }
}

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $("composer-input");
  const text = input.value;
  input.value = "";
  void send(text);
  input.focus();
});

// ---- command menu and attachments (what Telegram's "/" and 📎 buttons do) ----------------------

async function toggleCommandMenu(open = $("command-menu").hidden) {
  const menu = $("command-menu");
  $("attach-panel").hidden = true;
  if (!open || page.userId === null) {
    menu.hidden = true;
    return;
  }
  const commands = await api.commands(page.userId).catch(() => []);
  menu.replaceChildren(
    ...commands.map(({ command, description }) => {
      const item = document.createElement("button");
      item.type = "button";
      item.className = "command-item";
      const name = document.createElement("b");
      name.textContent = `/${command}`;
      item.append(name, ` ${description}`);
      item.addEventListener("click", () => {
        menu.hidden = true;
        void send(`/${command}`);
      });
      return item;
    }),
  );
  if (commands.length === 0) menu.textContent = t("commands_none");
  menu.hidden = false;
}
$("commands-button").addEventListener("click", () => void toggleCommandMenu());
$("attach-button").addEventListener("click", () => {
  $("command-menu").hidden = true;
  $("attach-panel").hidden = !$("attach-panel").hidden;
});
$("location-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.currentTarget.elements;
  $("attach-panel").hidden = true;
  if (page.userId === null) return;
  api
    .sendLocation(page.userId, Number(form.latitude.value), Number(form.longitude.value))
    .catch(showError);
});
$("photo-input").addEventListener("change", (event) => {
  const input = event.currentTarget;
  $("attach-panel").hidden = true;
  if (page.userId === null || !input.files?.length) return;
  const caption = $("composer-input").value.trim();
  $("composer-input").value = "";
  api.sendPhoto(page.userId, caption || undefined).catch(showError);
  input.value = "";
});
$("file-input").addEventListener("change", async (event) => {
  const input = event.currentTarget;
  const file = input.files?.[0];
  $("attach-panel").hidden = true;
  if (page.userId === null || !file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const caption = $("composer-input").value.trim();
  $("composer-input").value = "";
  await api
    .sendDocument(page.userId, {
      filename: file.name,
      mimeType: file.type || "application/octet-stream",
      base64: btoa(binary),
      ...(caption ? { caption } : {}),
    })
    .catch(showError);
  input.value = "";
});

// ---- panels, clock, language ------------------------------------------------------------------

const calls = createCallsPanel($("call-list"), () => $("show-polling").checked);
$("show-polling").addEventListener("change", () => calls.render());
function toggleCalls(open = !app.classList.contains("calls-open")) {
  app.classList.toggle("calls-open", open);
  localStorage.setItem(saved.calls, open ? "1" : "0");
}
$("calls-button").addEventListener("click", () => toggleCalls());
$("calls-toggle-side").addEventListener("click", () => toggleCalls());
$("calls-close").addEventListener("click", () => toggleCalls(false));
function toggleDrawer(open) {
  app.classList.toggle("drawer-open", open);
  $("scrim").hidden = !open;
}
$("menu-button").addEventListener("click", () => toggleDrawer(true));
$("as-chip").addEventListener("click", () => toggleDrawer(true));
$("drawer-close").addEventListener("click", () => toggleDrawer(false));
$("scrim").addEventListener("click", () => toggleDrawer(false));
$("lang-switch").addEventListener("click", () => {
  page.lang = page.lang === "vi" ? "en" : "vi";
  localStorage.setItem(saved.lang, page.lang);
  applyStrings();
});

const clock = createClockControl(
  {
    now: $("clock-now"),
    mode: $("clock-mode"),
    preset: $("clock-first"),
    real: $("clock-real"),
    form: $("clock-form"),
    input: $("clock-input"),
  },
  {
    t,
    language: () => page.lang,
    presets: () => page.presets,
    setClock: (instant) => api.setClock(instant).then(updateClock, showError),
  },
);

// ---- live updates -----------------------------------------------------------------------------

function connectLive() {
  const live = new EventSource("/api/live");
  live.addEventListener("open", () => {
    $("banner").hidden = true;
    void resync();
  });
  live.addEventListener("error", () => {
    $("banner").textContent = t("reconnecting");
    $("banner").hidden = false;
  });
  live.addEventListener("chat", (event) => {
    const { chatId } = JSON.parse(event.data);
    if (chatId === null || chatId === page.userId) void refreshChat();
  });
  live.addEventListener("call", (event) => calls.add(JSON.parse(event.data)));
  live.addEventListener("clock", (event) => updateClock(JSON.parse(event.data)));
  live.addEventListener("users", (event) => {
    page.users = JSON.parse(event.data);
    renderIdentities();
  });
}

async function resync() {
  const [state, recentCalls] = await Promise.all([api.state(), api.calls()]);
  page.users = state.users;
  page.presets = state.clockPresets;
  page.catalogue = state.catalogue;
  const remembered = Number(localStorage.getItem(saved.user));
  if (page.userId === null || !page.users.some((user) => user.id === page.userId)) {
    page.userId = page.users.some((user) => user.id === remembered) ? remembered : page.users[0].id;
  }
  updateClock(state.clock);
  calls.reset(recentCalls);
  renderIdentities();
  await refreshChat();
  document.body.dataset.ready = "true";
}

async function boot() {
  page.strings = await api.strings();
  if (!page.strings[page.lang]) page.lang = "vi";
  const wide = window.matchMedia("(min-width: 1200px)").matches;
  toggleCalls(
    localStorage.getItem(saved.calls) === null ? wide : localStorage.getItem(saved.calls) === "1",
  );
  applyStrings();
  connectLive();
}

void boot();
