/**
 * Vitest global set-up: says once, in one line, when the browser tests will be skipped because
 * no Chromium is installed (see test/playground/browser.ts).
 */
import { BROWSER_MISSING_HINT, browserRequired, findChromium } from "../playground/browser.js";

/** Prints the skip hint when no browser is found and the run does not require one. */
export default function setup(): void {
  if (!findChromium() && !browserRequired()) console.warn(BROWSER_MISSING_HINT);
}
