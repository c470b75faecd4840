// Module hooks for module-trace.mjs: appends each resolved URL to the trace file.
import { appendFileSync } from "node:fs";

let file = "";

/** Receives the trace file name. */
export function initialize(data) {
  file = data.file;
}

/** Resolves as usual, noting the result. */
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (file) appendFileSync(file, `${result.url}\n`);
  return result;
}
