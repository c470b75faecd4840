/**
 * Cue patterns for "where is the nearest one?" (folded, like every cue in `cues.ts`). Spatial
 * words only: "đợt gần nhất" without a place is the next event in time (see `time.ts`), which
 * `understand.ts` turns back into a list.
 */
import type { Cue } from "./cues.js";

/** Cues of the "nearest" intent. */
export const NEAREST_CUES: readonly Cue[] = [
  ["gan nhat", 5],
  ["gan * nhat", 5],
  // Not "gan toi": "gần tới ngày chưa" (is it soon?) folds the same as "gần tôi".
  ["gan minh", 4],
  ["gan nha", 4],
  ["gan noi toi", 4],
  ["gan cho toi", 4],
  ["gan cho minh", 4],
  ["gan xprovincex", 4],
  ["tinh lan can", 4],
  ["lan can", 3],
  ["tinh ben canh", 4],
  ["tinh gan", 4],
  ["nearest", 5],
  ["closest", 5],
  ["nearby", 4],
  ["near me", 5],
  ["near xprovincex", 5],
  ["close to xprovincex", 5],
  ["around xprovincex", 3],
  ["neighbouring", 4],
  ["neighboring", 4],
];
