// The bot's "now": shown ticking in Vietnam time, with one-click presets and a picker.

const VIETNAM = "Asia/Ho_Chi_Minh";

/** Formats an instant as Vietnam local time in the page's language. */
export function formatVietnamTime(date, language) {
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "vi-VN", {
    timeZone: VIETNAM,
    weekday: "long",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(date);
}

/** `YYYY-MM-DDTHH:mm` of an instant in Vietnam time, for a datetime-local input. */
function toVietnamInput(date) {
  const shifted = new Date(date.getTime() + 7 * 3600 * 1000);
  return shifted.toISOString().slice(0, 16);
}

/**
 * Wires the clock panel. `elements`: { now, mode, preset, real, form, input }; `t(key)` gives
 * page strings; `setClock(instantOrNull)` asks the server.
 */
export function createClockControl(elements, { t, language, setClock, presets }) {
  let state = { now: new Date().toISOString(), real: true };
  let fetchedAt = Date.now();
  const current = () => new Date(new Date(state.now).getTime() + (Date.now() - fetchedAt));
  const render = () => {
    elements.now.textContent = formatVietnamTime(current(), language());
    elements.mode.textContent = state.real ? t("clock_mode_real") : t("clock_mode_set");
    elements.real.classList.toggle("active", state.real);
    const beforeFirst = presets().beforeFirst;
    const atPreset =
      !state.real && beforeFirst && Math.abs(current() - new Date(beforeFirst)) < 24 * 3600 * 1000;
    elements.preset.classList.toggle("active", Boolean(atPreset));
  };
  elements.preset.addEventListener("click", () => {
    const instant = presets().beforeFirst;
    if (instant) void setClock(instant);
  });
  elements.real.addEventListener("click", () => void setClock(null));
  elements.form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (elements.input.value) void setClock(`${elements.input.value}:00+07:00`);
  });
  setInterval(render, 1000);
  return {
    update(next) {
      state = next;
      fetchedAt = Date.now();
      elements.input.value = toVietnamInput(current());
      render();
    },
    render,
  };
}
