/**
 * The small SQL port every PostgreSQL repository is written against. Two adapters implement
 * it: {@link createPgClient} on a `pg.Pool` (production, several connections) and, in tests, one
 * on PGlite (in-process PostgreSQL compiled to WASM, one connection; `test/support/databases.ts`).
 *
 * Rules the repositories follow so both adapters behave alike:
 * - counts are cast to `int` in SQL (`pg` returns `bigint` as a string, PGlite as a number);
 * - `jsonb` parameters are passed as `JSON.stringify(value)` with a `::jsonb` cast (`pg` turns a
 *   JS array into a PostgreSQL array literal, not JSON);
 * - instants the domain keeps as ISO strings are stored as `text`, so they round-trip exactly.
 */
import pg from "pg";

/** Rows of one statement. */
export interface SqlResult<R> {
  rows: R[];
  /** Rows inserted, updated, deleted or returned. */
  rowCount: number;
}

/** Runs statements; inside {@link SqlClient.transaction} every call is on one connection. */
export interface SqlQueryable {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<SqlResult<R>>;
}

/** A database: statements, transactions, multi-statement scripts (migrations). */
export interface SqlClient extends SqlQueryable {
  /**
   * Runs `fn` in one transaction on one connection: committed when it resolves, rolled back
   * when it throws. Inside, use only the `tx` it is given.
   */
  transaction<T>(
    fn: (tx: SqlQueryable & { script(sql: string): Promise<void> }) => Promise<T>,
  ): Promise<T>;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** PostgreSQL error codes the repositories react to. */
export const SQL_STATE = {
  uniqueViolation: "23505",
  serializationFailure: "40001",
  deadlockDetected: "40P01",
} as const;

/** The SQLSTATE of a database error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Options of the production adapter. */
export interface PgClientOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  /** Names the connections in `pg_stat_activity`. */
  applicationName?: string;
  /** Called when an idle connection fails (the pool drops it and opens another). */
  onIdleError?: (error: Error) => void;
}

/** A {@link SqlClient} on a `pg.Pool` for `url` (`postgres://user:pass@host:port/db`). */
export function createPgClient(url: string, options: PgClientOptions = {}): SqlClient {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "loa",
  });
  // An idle connection that dies (server restart) must not crash the process.
  pool.on("error", (error) => options.onIdleError?.(error));
  const wrap = <R>(result: pg.QueryResult): SqlResult<R> => ({
    rows: result.rows as R[],
    rowCount: result.rowCount ?? result.rows.length,
  });
  return {
    query: async <R>(text: string, params?: unknown[]) =>
      wrap<R>(await pool.query(text, params as unknown[])),
    async transaction(fn) {
      const connection = await pool.connect();
      let broken: Error | undefined;
      try {
        await connection.query("BEGIN");
        const result = await fn({
          query: async <R>(text: string, params?: unknown[]) =>
            wrap<R>(await connection.query(text, params as unknown[])),
          // Without parameters `pg` uses the simple protocol, which runs several statements.
          script: async (sql) => void (await connection.query(sql)),
        });
        await connection.query("COMMIT");
        return result;
      } catch (error) {
        await connection.query("ROLLBACK").catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A connection whose rollback failed is in an unknown state: destroy it.
        connection.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
