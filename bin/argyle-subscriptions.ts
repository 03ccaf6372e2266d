#!/usr/bin/env node
/**
 * `npx argyle-subscriptions --help`: list, show, create and delete Argyle webhook subscriptions; replay, redrive
 * and peek the archive and dead letters. The work is in functions/subscription/cli/main.ts. The first Ctrl-C asks
 * a replay to stop after what is in flight (and keep its checkpoint); a second one exits at once.
 */
import { main } from '../functions/subscription/cli/main';

const stop = new AbortController();
// Only replay and redrive watch the signal; every other command stops on the first Ctrl-C, as before.
if (process.argv.slice(2).some((arg) => arg === 'replay' || arg === 'redrive')) {
  process.on('SIGINT', () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  });
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  signal: stop.signal,
  stderrIsTTY: process.stderr.isTTY === true,
});
