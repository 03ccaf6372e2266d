/**
 * `npm run simulate`: sends signed, Argyle-shaped deliveries (generated from the event catalogue, or from
 * JSON files) to the local dev server or a deployed stack, and prints each answer.
 */
import { readFileSync } from 'node:fs';
import { ARGYLE_EVENT_NAMES } from '../functions/catalogue/catalogue';
import { UsageError } from '../functions/shared/cli/args';
import { npmScript, usageErrorText } from '../functions/shared/cli/output';
import { parseSimulateArgs, SIMULATE_USAGE } from '../local/cli/simulate-args';
import { devSecretFile, readDevSecret } from '../local/dev-secret';
import { refusalHint } from '../local/refusal-hint';
import { fileDeliveries, type SimulatedDelivery, simulate } from '../local/simulate';
import { formatResult, tally } from '../local/simulate-output';

try {
  const kept = readDevSecret();
  const args = parseSimulateArgs(process.argv.slice(2), process.env, kept);
  if (args.help) {
    console.log(SIMULATE_USAGE);
  } else if (args.list) {
    console.log(ARGYLE_EVENT_NAMES.join('\n'));
  } else {
    const deliveries: SimulatedDelivery[] = [];
    for (const file of args.files) {
      const fromFile = fileDeliveries(readFileSync(file, 'utf8'), file);
      for (let i = 0; i < args.count; i++) deliveries.push(...fromFile);
    }
    const total = args.events.length * args.count + deliveries.length;
    const signed = args.badSignature ? 'with a wrong signature' : 'signed';
    console.log(`sending ${total} ${signed} to ${args.url}, ${args.concurrency} at a time`);
    const results = await simulate({
      url: args.url,
      secret: args.secret,
      events: args.events,
      count: args.count,
      ids: args.ids,
      subscription: args.subscription,
      includeResource: args.includeResource,
      seed: args.seed,
      deliveries,
      badSignature: args.badSignature,
      concurrency: args.concurrency,
      onResult: (result) => {
        console.log(formatResult(result));
        if (args.showBody) console.log(`${result.body}\n`);
      },
    });
    const { line, asExpected } = tally(results, args.badSignature);
    console.log(line);
    const hint = refusalHint({
      ...args,
      devSecret: kept,
      devSecretFile: devSecretFile(),
      statuses: results.map((result) => result.status),
    });
    if (hint !== undefined) console.error(hint);
    if (!asExpected) process.exitCode = 1;
  }
} catch (error) {
  if (error instanceof UsageError) {
    console.error(usageErrorText(npmScript('simulate'), error));
    process.exitCode = 2;
  } else if (
    error instanceof SyntaxError ||
    (error instanceof Error && 'code' in error && error.code === 'ENOENT')
  ) {
    console.error(`npm run simulate: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
