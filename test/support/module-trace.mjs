// Preloaded with `node --import` by tests: records every module URL the process resolves into
// the file named by LOA_MODULE_TRACE, so a test can tell what start-up loaded.
import { register } from "node:module";

if (process.env.LOA_MODULE_TRACE) {
  register("./module-trace-hooks.mjs", import.meta.url, {
    data: { file: process.env.LOA_MODULE_TRACE },
  });
}
