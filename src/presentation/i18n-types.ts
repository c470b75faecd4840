/** Translate a key with optional values; returns the key itself when missing. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;
