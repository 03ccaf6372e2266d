/**
 * The boundary the contract (functions/shared/contract.ts) names: which modules of `functions/` the code outside
 * it may import. Paths are from the repository root, without extension. test/architecture/boundaries.test.ts
 * holds the code to these lists. Kept out of the contract so the Lambda bundles, which import the contract,
 * carry none of it.
 */

/**
 * The modules of `functions/` that `lib/` (the CDK side, and the npm package's construct library) may import:
 * the contract, and modules holding rules that both sides apply, which import nothing at run time themselves.
 * `functions/` in turn never imports `aws-cdk-lib`, `constructs` or anything of `lib/`.
 */
export const FUNCTIONS_MODULES_FOR_LIB = [
  'functions/shared/contract',
  /** Argyle's rules on a subscription: checked at synth time and by the API client. */
  'functions/argyle-api/subscription-rules',
  /** Event names checked against the catalogue's names (not its schemas), at synth time and by the CLI. */
  'functions/catalogue/known-events',
  'functions/catalogue/event-names',
  'functions/catalogue/published-events',
  'functions/shared/closest-name',
] as const;

/**
 * The modules of `functions/` that `local/` (the dev mode, which runs the handlers in process) may import:
 * those `lib/` may, and the runtime pieces the dev tools reuse to sign, describe and route deliveries.
 */
export const FUNCTIONS_MODULES_FOR_LOCAL = [
  // Those of FUNCTIONS_MODULES_FOR_LIB, written out, as the lists stay plain data.
  'functions/shared/contract',
  'functions/argyle-api/subscription-rules',
  'functions/catalogue/known-events',
  'functions/catalogue/event-names',
  'functions/catalogue/published-events',
  'functions/shared/closest-name',
  'functions/catalogue/catalogue',
  'functions/catalogue/examples',
  'functions/receiver/signature',
  'functions/receiver/envelope',
  'functions/receiver/routing',
  /** The one shape of every command-line tool (docs/development.md, "Command-line tools"). */
  'functions/shared/cli/args',
  'functions/shared/cli/output',
  /** The receiver's handler type and the handler itself, which the dev server runs. */
  'functions/receiver/pipeline',
  'functions/receiver/entry',
  /** The archiver's assembly, which the dev server runs on its archive queue with a local S3 client. */
  'functions/archive/wiring',
  /**
   * The subscription watcher, which `npm run dev -- --watch` runs against the fake Argyle API: its run, its
   * metrics, its reading of CloudWatch, the in-memory state store and the Argyle client it calls.
   */
  'functions/subscription/watcher/run',
  'functions/subscription/watcher/metrics',
  'functions/subscription/watcher/last-accepted',
  'functions/subscription/state/memory-store',
  'functions/argyle-api/index',
] as const;
