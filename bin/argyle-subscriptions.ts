#!/usr/bin/env node
/**
 * `npx argyle-subscriptions --help`: list, show, create and delete Argyle webhook subscriptions. The work is in
 * functions/subscription/cli/main.ts.
 */
import { main } from '../functions/subscription/cli/main';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
