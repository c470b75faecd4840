/**
 * Vitest global set-up: says once when the PostgreSQL server tests will be skipped, and makes
 * the run fail instead when `LOA_REQUIRE_POSTGRES=1` (CI: a skipped server run is a failure).
 */
import { SERVER_SKIP_NOTE, TEST_DATABASE_URL } from "./databases.js";

/** Runs once before all test files. */
export default function setup(): void {
  if (TEST_DATABASE_URL) return;
  if (process.env.LOA_REQUIRE_POSTGRES === "1") {
    throw new Error(`LOA_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set. ${SERVER_SKIP_NOTE}`);
  }
  console.warn(SERVER_SKIP_NOTE);
}
