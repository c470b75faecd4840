import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Browser and PostgreSQL server tests: one line when skipped; a failure in CI
    // (LOA_REQUIRE_BROWSER=1, LOA_REQUIRE_POSTGRES=1).
    globalSetup: ["test/support/browser-setup.ts", "test/support/postgres-global-setup.ts"],
  },
});
