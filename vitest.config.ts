import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // PostgreSQL server tests: one line when skipped, a failure with LOA_REQUIRE_POSTGRES=1.
    globalSetup: ["test/support/postgres-global-setup.ts"],
  },
});
