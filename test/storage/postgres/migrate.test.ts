import { afterEach, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "../../../src/storage/postgres/migrate.js";
import { DATABASE_BACKENDS, type TestDatabase } from "../../support/databases.js";

for (const backend of DATABASE_BACKENDS) {
  describe.skipIf(!backend.available)(`migrations on ${backend.name}`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => {
      await db?.drop();
      db = undefined;
    });

    it("applies every file once, in order, and a second start applies none", async () => {
      db = await backend.open();
      const files = await readMigrations();
      expect(files.length).toBeGreaterThan(0);
      expect(await migrate(db.client)).toEqual(files.map((m) => m.name));
      expect(await migrate(db.client)).toEqual([]);
      const { rows } = await db.client.query<{ version: number }>(
        "SELECT version FROM schema_migrations ORDER BY version",
      );
      expect(rows.map((r) => r.version)).toEqual(files.map((m) => m.version));
    });

    it("instances starting together migrate once and seed once (advisory lock)", async () => {
      db = await backend.open();
      const client = db.client;
      let seeded = 0;
      const start = () =>
        migrate(client, {
          afterMigrations: async (tx) => {
            const claimed = await tx.query(
              "INSERT INTO meta (key, value) VALUES ('seeded', '{}'::jsonb) ON CONFLICT DO NOTHING",
            );
            if (claimed.rowCount === 1) seeded++;
          },
        });
      const results = await Promise.all([start(), start(), start()]);
      expect(results.filter((names) => names.length > 0)).toHaveLength(1);
      expect(seeded).toBe(1);
    });

    it("a failing migration leaves the schema as it was", async () => {
      db = await backend.open();
      const broken = [
        { version: 1, name: "001_ok.sql", sql: "CREATE TABLE a (x int);" },
        { version: 2, name: "002_broken.sql", sql: "CREATE TABLE b (x int); SELECT nonsense();" },
      ];
      await expect(migrate(db.client, { migrations: broken })).rejects.toThrow();
      const { rows } = await db.client.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
      );
      expect(rows).toEqual([]);
    });
  });
}
