/**
 * Debian's Chromium driven by playwright-core (no browser download). Where no browser is
 * installed the browser tests are skipped (one line from `test/support/browser-setup.ts` says how
 * to run them); with `LOA_REQUIRE_BROWSER=1` (set by `.ci/run`) a missing browser is a failure.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { describe } from "vitest";

/** Where Chromium is looked for, in order, after `CHROMIUM_PATH`. */
export const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/snap/bin/chromium",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

/** The one line printed when the browser tests are skipped. */
export const BROWSER_MISSING_HINT =
  "browser tests skipped: no Chromium found (set CHROMIUM_PATH, or `apt-get install -y chromium`)";

/**
 * The Chromium executable to drive: `CHROMIUM_PATH` when set (even if it does not exist, so a
 * wrong path is not silently replaced), else the first installed candidate, else undefined.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path));
}

/** True when a missing browser must fail the run instead of skipping (CI). */
export function browserRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LOA_REQUIRE_BROWSER === "1";
}

/**
 * `describe` for browser tests: skipped when no browser is found, unless the run requires one
 * (then the suite runs and `launchChromium` fails it with instructions).
 */
export const describeBrowser: typeof describe =
  findChromium() || browserRequired() ? describe : (describe.skip as typeof describe);

/** Launches headless Chromium, or throws saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(
      `Chromium not found (CHROMIUM_PATH=${process.env.CHROMIUM_PATH ?? "unset"}, looked in ` +
        `${CHROMIUM_CANDIDATES.join(", ")}). The browser tests drive Debian's Chromium through ` +
        "playwright-core: install it with `apt-get update && apt-get install -y chromium` " +
        "(.ci/run does this when it is missing).",
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Where browser tests save screenshots: `LOA_SCREENSHOT_DIR` when set (e.g. `/tmp/shots` to
 * look at them), else `test-results/` of the project.
 */
export function screenshotDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.LOA_SCREENSHOT_DIR || `${projectRoot}/test-results`;
}
