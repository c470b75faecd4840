/** Small helpers shared by the PostgreSQL repositories. */

/** A `jsonb` parameter (always stringified: `pg` would turn a JS array into a PostgreSQL array). */
export const json = (value: unknown): string => JSON.stringify(value);

/**
 * Drops `undefined` properties the way a JSON round trip does, so a stored record reads back
 * equal to what lowdb (also JSON) gives back.
 */
export const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Rows whose `doc` column is the record. */
export const docs = <T>(rows: Array<{ doc: unknown }>): T[] => rows.map((row) => row.doc as T);
