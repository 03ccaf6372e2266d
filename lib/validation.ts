/**
 * Checks shared by the cdk.json configuration (`config.ts`) and the constructs, so both reject the same input
 * with the same words. Each function is pure: it returns a problem message (lower-case, showing the bad value
 * and saying what to write instead) or `undefined` when the value is fine. Callers prefix the field path.
 *
 * The checks live in `value-checks.ts` (single values) and `route-checks.ts` (routes, queues, the ingest
 * settings); this module is the one the others import.
 */
export * from './route-checks.js';
export * from './value-checks.js';
