// One chat message as Telegram shows it: a bubble with formatted text, media cards and buttons.
import { isSafeHref, nodesFromEntities, parseTelegramHtml, renderNodes } from "./telegram-html.js";

function el(doc, tag, className, text) {
  const element = doc.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * The message's formatted body: the HTML the bot sent (the emulator keeps it as `html`), else
 * text with its entities, else plain text (never parsed: a user typing "<b>" sees "<b>").
 */
function formattedText(doc, message, onCommand) {
  const text = message.text ?? message.caption;
  if (text === undefined) return null;
  const entities = message.entities ?? message.caption_entities;
  const nodes =
    typeof message.html === "string"
      ? parseTelegramHtml(message.html)
      : entities
        ? nodesFromEntities(text, entities)
        : [text];
  const body = el(doc, "div", "text");
  body.append(renderNodes(doc, nodes, onCommand));
  return body;
}

/** A map card with an OpenStreetMap link; no tiles are loaded. */
function mapCard(doc, location, venue, strings) {
  const { latitude, longitude } = location;
  const card = el(doc, "a", "map-card");
  card.href = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=15/${latitude}/${longitude}`;
  card.target = "_blank";
  card.rel = "noopener noreferrer";
  const art = el(doc, "div", "map-art");
  art.append(el(doc, "span", "map-pin", "📍"));
  card.append(art);
  const info = el(doc, "div", "map-info");
  if (venue?.title) info.append(el(doc, "div", "map-title", venue.title));
  if (venue?.address) info.append(el(doc, "div", "map-address", venue.address));
  info.append(el(doc, "div", "map-coords", `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`));
  info.append(el(doc, "div", "map-link", strings.map_open ?? "OpenStreetMap"));
  card.append(info);
  return card;
}

function documentCard(doc, message, strings, fileUrl) {
  const file = message.document;
  const card = el(doc, "a", "file-card");
  const url = fileUrl(message);
  if (url) {
    card.href = url;
    card.download = file.file_name ?? "file";
  }
  card.append(el(doc, "span", "file-icon", (file.file_name ?? "").endsWith(".ics") ? "📅" : "📄"));
  const info = el(doc, "div", "file-info");
  info.append(el(doc, "div", "file-name", file.file_name ?? strings.file ?? "file"));
  const size = file.file_size ? ` · ${Math.max(1, Math.round(file.file_size / 1024))} KB` : "";
  info.append(el(doc, "div", "file-meta", `${strings.download ?? "Download"}${size}`));
  card.append(info);
  return card;
}

function inlineKeyboard(doc, message, handlers) {
  const rows = message.reply_markup?.inline_keyboard;
  if (!Array.isArray(rows) || rows.length === 0) return null;
  const keyboard = el(doc, "div", "inline-keyboard");
  for (const row of rows) {
    const line = el(doc, "div", "kb-row");
    for (const button of row) {
      if (typeof button.url === "string" && isSafeHref(button.url)) {
        const link = el(doc, "a", "kb-button", button.text);
        link.href = button.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        link.append(el(doc, "span", "kb-corner", "↗"));
        line.append(link);
        continue;
      }
      const press = el(doc, "button", "kb-button", button.text);
      press.type = "button";
      if (typeof button.callback_data === "string") {
        press.addEventListener("click", () =>
          handlers.onPress(message.message_id, button.callback_data, press),
        );
      } else press.disabled = true;
      line.append(press);
    }
    keyboard.append(line);
  }
  return keyboard;
}

function timeOf(message) {
  const seconds = message.edit_date ?? message.date;
  if (typeof seconds !== "number") return "";
  const date = new Date(seconds * 1000);
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
}

/**
 * Renders a message. `handlers`: { selfId, strings, onPress(messageId, data, button),
 * onCommand(text), fileUrl(message) → string | null }.
 */
export function renderMessage(doc, message, handlers) {
  const { strings } = handlers;
  const outgoing = message.from?.id === handlers.selfId && !message.from?.is_bot;
  const row = el(doc, "div", `msg-row ${outgoing ? "out" : "in"}`);
  row.dataset.id = String(message.message_id);
  const bubble = el(doc, "div", "bubble");
  if (message.sticker) {
    bubble.classList.add("sticker");
    bubble.append(el(doc, "div", "sticker-emoji", message.sticker.emoji ?? "🖼"));
  }
  if (message.photo) bubble.append(el(doc, "div", "photo", `🖼 ${strings.photo ?? "Photo"}`));
  const location = message.venue?.location ?? message.location;
  if (location) bubble.append(mapCard(doc, location, message.venue, strings));
  if (message.document) bubble.append(documentCard(doc, message, strings, handlers.fileUrl));
  const text = formattedText(doc, message, outgoing ? undefined : handlers.onCommand);
  if (text) bubble.append(text);
  if (bubble.childElementCount === 0) {
    bubble.append(el(doc, "div", "text unsupported", strings.unsupported ?? "(message)"));
  }
  const meta = el(doc, "div", "meta");
  if (message.edit_date) meta.append(el(doc, "span", "edited", strings.edited ?? "edited"));
  meta.append(el(doc, "span", "time", timeOf(message)));
  if (outgoing) meta.append(el(doc, "span", "ticks", "✓✓"));
  bubble.append(meta);
  row.append(bubble);
  const keyboard = outgoing ? null : inlineKeyboard(doc, message, handlers);
  if (keyboard) row.append(keyboard);
  return row;
}
