// Telegram's HTML subset, rendered safely: parsed into a small tree, then built as DOM nodes.
// Bot text never reaches innerHTML. Tags outside Telegram's list are shown as literal text.

/** Tags Telegram accepts with parse_mode HTML. */
const ALLOWED = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "code",
  "pre",
  "a",
  "blockquote",
  "tg-spoiler",
  "span",
  "tg-emoji",
]);
const TAG =
  /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*>/;
const ATTR = /([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
const NAMED = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** Decodes the entities Telegram understands; any other `&` stays as typed. */
export function decodeEntities(text) {
  return text.replace(
    /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot));/g,
    (all, dec, hex, name) => {
      if (name) return NAMED[name];
      const code = dec ? Number(dec) : Number.parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    },
  );
}

function parseAttributes(source) {
  const attrs = {};
  for (const match of source.matchAll(ATTR)) {
    attrs[match[1].toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  }
  return attrs;
}

/** True for the link schemes Telegram opens: http, https and tg. */
export function isSafeHref(href) {
  return typeof href === "string" && /^(https?:\/\/|tg:\/\/)/i.test(href.trim());
}

/**
 * Parses Telegram HTML into nodes: strings, or { tag, attrs, children }. Unknown or unbalanced
 * tags become text; elements left open at the end are closed.
 */
export function parseTelegramHtml(html) {
  const root = { tag: "#root", attrs: {}, children: [] };
  const stack = [root];
  let text = "";
  const flush = () => {
    if (text) stack[stack.length - 1].children.push(decodeEntities(text));
    text = "";
  };
  let rest = String(html ?? "");
  while (rest.length > 0) {
    const next = rest.indexOf("<");
    if (next === -1) {
      text += rest;
      break;
    }
    text += rest.slice(0, next);
    rest = rest.slice(next);
    const match = TAG.exec(rest);
    const name = match?.[2].toLowerCase();
    if (!match || !ALLOWED.has(name)) {
      text += match ? match[0] : "<";
      rest = rest.slice(match ? match[0].length : 1);
      continue;
    }
    rest = rest.slice(match[0].length);
    if (match[1]) {
      const opened = name === "span" ? "tg-spoiler" : name;
      const depth = stack.findLastIndex((node) => node.tag === opened);
      if (depth <= 0) {
        text += match[0];
        continue;
      }
      flush();
      stack.length = depth;
      continue;
    }
    const attrs = parseAttributes(match[3]);
    if (name === "span" && attrs.class !== "tg-spoiler") {
      text += match[0];
      continue;
    }
    flush();
    const element = { tag: name === "span" ? "tg-spoiler" : name, attrs, children: [] };
    stack[stack.length - 1].children.push(element);
    stack.push(element);
  }
  flush();
  return root.children;
}

const ENTITY_TAGS = {
  bold: "b",
  italic: "i",
  underline: "u",
  strikethrough: "s",
  code: "code",
  pre: "pre",
  spoiler: "tg-spoiler",
  blockquote: "blockquote",
  expandable_blockquote: "blockquote",
  text_link: "a",
  url: "a",
};

/** Builds the same node tree from a message's `text` + `entities` (UTF-16 offsets). */
export function nodesFromEntities(text, entities) {
  const sorted = [...(entities ?? [])]
    .filter((entity) => ENTITY_TAGS[entity.type])
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  const build = (start, end, list) => {
    const nodes = [];
    let at = start;
    while (list.length > 0 && list[0].offset < end) {
      const entity = list.shift();
      const from = Math.max(entity.offset, at);
      const to = Math.min(entity.offset + entity.length, end);
      if (from > at) nodes.push(text.slice(at, from));
      const inner = [];
      while (list.length > 0 && list[0].offset < to) inner.push(list.shift());
      const href = entity.type === "url" ? text.slice(from, to) : entity.url;
      const attrs = ENTITY_TAGS[entity.type] === "a" ? { href } : {};
      nodes.push({ tag: ENTITY_TAGS[entity.type], attrs, children: build(from, to, inner) });
      at = Math.max(at, to);
    }
    if (at < end) nodes.push(text.slice(at, end));
    return nodes;
  };
  return build(0, text.length, sorted);
}

const COMMAND = /(^|\s)(\/[a-zA-Z0-9_]{1,32})(?=$|[\s.,;:!?)])/g;

/** Text with `/commands` as clickable chips, as Telegram shows them. */
function textWithCommands(doc, text, onCommand) {
  const fragment = doc.createDocumentFragment();
  let at = 0;
  for (const match of text.matchAll(COMMAND)) {
    const start = match.index + match[1].length;
    fragment.append(doc.createTextNode(text.slice(at, start)));
    const command = doc.createElement("button");
    command.type = "button";
    command.className = "bot-command";
    command.textContent = match[2];
    command.addEventListener("click", () => onCommand(match[2]));
    fragment.append(command);
    at = start + match[2].length;
  }
  fragment.append(doc.createTextNode(text.slice(at)));
  return fragment;
}

/** Builds DOM nodes from parsed nodes. `onCommand` (optional) makes `/commands` clickable. */
export function renderNodes(doc, nodes, onCommand) {
  const fragment = doc.createDocumentFragment();
  for (const node of nodes) {
    if (typeof node === "string") {
      fragment.append(
        onCommand ? textWithCommands(doc, node, onCommand) : doc.createTextNode(node),
      );
      continue;
    }
    let element;
    if (node.tag === "a") {
      element = doc.createElement(isSafeHref(node.attrs.href) ? "a" : "span");
      if (element.tagName === "A") {
        element.href = node.attrs.href.trim();
        element.target = "_blank";
        element.rel = "noopener noreferrer";
      }
    } else if (node.tag === "tg-spoiler") {
      element = doc.createElement("span");
      element.className = "spoiler";
      element.title = "spoiler";
      element.addEventListener("click", () => element.classList.add("revealed"));
    } else if (node.tag === "tg-emoji" || node.tag === "#root") {
      element = doc.createElement("span");
    } else {
      element = doc.createElement(node.tag);
    }
    const inCode = node.tag === "code" || node.tag === "pre";
    element.append(renderNodes(doc, node.children, inCode ? undefined : onCommand));
    fragment.append(element);
  }
  return fragment;
}
