// Pieces of the page around the chat: the identity list, example chips, the reply keyboard.

function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/** One button per identity; the current one highlighted. */
export function identityItems(users, currentId, t, onSelect) {
  return users.map((user) => {
    const item = el("li");
    const button = el("button", `identity${user.id === currentId ? " current" : ""}`);
    button.type = "button";
    button.dataset.userId = String(user.id);
    const avatar = el("span", `avatar${user.coordinator ? " coordinator" : ""}`);
    avatar.textContent = (user.first_name.trim()[0] ?? "?").toUpperCase();
    const label = el("span");
    const name = el("div", "identity-name", user.first_name);
    const role = el("span", `role${user.coordinator ? " coordinator" : ""}`);
    role.textContent = user.coordinator ? t("role_coordinator") : t("role_customer");
    name.append(" ", role);
    label.append(name, el("div", "identity-sub", `id ${user.id} · ${user.language_code}`));
    button.append(avatar, label);
    button.addEventListener("click", () => onSelect(user.id));
    item.append(button);
    return item;
  });
}

/** Example messages as chips that send themselves. */
export function suggestionChips(examples, onSend) {
  return (Array.isArray(examples) ? examples : []).map((text) => {
    const chip = el("button", "suggestion", text);
    chip.type = "button";
    chip.addEventListener("click", () => onSend(text));
    return chip;
  });
}

/**
 * Shows the reply keyboard of the latest bot message that set or removed one (Telegram keeps a
 * reply keyboard until the bot replaces or removes it).
 */
export function renderReplyKeyboard(container, messages, onSend) {
  const markup = messages
    .filter((message) => message.from?.is_bot)
    .map((message) => message.reply_markup)
    .findLast((candidate) => candidate?.keyboard || candidate?.remove_keyboard);
  container.hidden = !markup?.keyboard;
  container.replaceChildren(
    ...(markup?.keyboard ?? []).map((row) => {
      const line = el("div", "kb-row");
      for (const button of row) {
        const text = typeof button === "string" ? button : button.text;
        const key = el("button", undefined, text);
        key.type = "button";
        key.addEventListener("click", () => onSend(text));
        line.append(key);
      }
      return line;
    }),
  );
}
