// The developer panel: every Bot API call the bot made, newest first, payload on demand.

const MAX_SHOWN = 300;

function timeOf(at) {
  const date = new Date(typeof at === "number" && at < 1e12 ? at * 1000 : at);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleTimeString("en-GB", { hour12: false });
}

/** Renders calls into `list`; `showPolling()` says whether getUpdates calls are wanted. */
export function createCallsPanel(list, showPolling) {
  const calls = [];
  const item = (call) => {
    const li = document.createElement("li");
    li.className = "call";
    if (call.response && call.response.ok === false) li.classList.add("failed");
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    const method = document.createElement("span");
    method.className = "call-method";
    method.textContent = call.method;
    summary.append(method);
    const chatId = call.payload?.chat_id;
    if (chatId !== undefined) {
      const chat = document.createElement("span");
      chat.className = "call-chat";
      chat.textContent = `chat ${chatId}`;
      summary.append(chat);
    }
    const time = document.createElement("span");
    time.className = "call-time";
    time.textContent = timeOf(call.at);
    summary.append(time);
    const payload = document.createElement("pre");
    payload.textContent = JSON.stringify(call.payload ?? {}, null, 2);
    details.append(summary, payload);
    li.append(details);
    return li;
  };
  const render = () => {
    const shown = calls.filter((call) => showPolling() || call.method !== "getUpdates");
    list.replaceChildren(...shown.slice(-MAX_SHOWN).reverse().map(item));
  };
  return {
    reset(initial) {
      calls.splice(0, calls.length, ...initial);
      render();
    },
    add(call) {
      calls.push(call);
      if (calls.length > MAX_SHOWN * 4) calls.splice(0, calls.length - MAX_SHOWN * 4);
      if (!showPolling() && call.method === "getUpdates") return;
      list.prepend(item(call));
      while (list.childElementCount > MAX_SHOWN) list.lastElementChild.remove();
    },
    render,
  };
}
