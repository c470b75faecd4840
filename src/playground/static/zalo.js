// The Zalo-style chat of the playground: plain text bubbles, no buttons (numbered replies).
const thread = document.getElementById("zalo-thread");
const input = document.getElementById("zalo-input");

function userId() {
  let id = localStorage.getItem("loa-zalo-user");
  if (!id || !/^[0-9a-f]{20}$/.test(id)) {
    const bytes = crypto.getRandomValues(new Uint8Array(10));
    id = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    localStorage.setItem("loa-zalo-user", id);
  }
  return id;
}

function show(line) {
  const item = document.createElement("li");
  item.className = `zalo-line ${line.from === "bot" ? "bot" : "user"}`;
  item.textContent = line.text;
  thread.append(item);
  thread.scrollTop = thread.scrollHeight;
}

async function main() {
  const user = userId();
  const strings = await (await fetch("/api/strings")).json();
  const lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "vi";
  const t = (key) => strings[lang]?.[key] ?? strings.vi?.[key] ?? key;
  document.getElementById("zalo-title").textContent = t("zalo_title");
  document.getElementById("zalo-sub").textContent = t("zalo_subtitle");
  document.getElementById("zalo-back").textContent = t("zalo_back");
  document.getElementById("zalo-send").textContent = t("send");
  input.placeholder = t("composer_placeholder");
  const lines = await (await fetch(`/api/zalo/messages?user=${user}`)).json();
  for (const line of lines) show(line);
  const live = new EventSource("/api/live");
  live.addEventListener("zalo", (event) => {
    const data = JSON.parse(event.data);
    if (data.user === user) show(data.line);
  });
  document.getElementById("zalo-compose").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    await fetch("/api/zalo/send", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user, text }),
    });
  });
  document.body.dataset.ready = "true";
}

main();
