// What code weighs as a visitor downloads it, and the budget it is held to
// (README, "Page weight").
import { gzipSync } from "node:zlib";

/** The code (scripts and WebAssembly) a listing page or the home page may
 * load, gzip -9. */
export const CODE_BUDGET_GZIP = 100 * 1000;

/** `body`'s size raw and gzip -9. */
export const weigh = (body) => ({ raw: body.length, gzip: gzipSync(body, { level: 9 }).length });

export const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
