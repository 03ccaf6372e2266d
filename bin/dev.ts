/**
 * `npm run dev`: the whole pipeline on 127.0.0.1 (webhook → the deployed receiver → SQS emulator), with one
 * line per delivery. Ctrl-C stops it.
 */

import { UsageError } from '../functions/shared/cli/args';
import { npmScript, usageErrorText } from '../functions/shared/cli/output';
import { ArgyleWebhooksConfigError } from '../lib/config';
import { DEV_USAGE, parseDevArgs } from '../local/cli/dev-args';
import { SECRET_ENV } from '../local/defaults';
import { formatDeliveryReport } from '../local/delivery-report';
import { devBanner } from '../local/dev-banner';
import { devSecret } from '../local/dev-secret';
import { generateSecret, startDevServer } from '../local/dev-server';
import { readProjectConfig } from '../local/project-config';

try {
  const args = parseDevArgs(process.argv.slice(2));
  if (args.help) {
    console.log(DEV_USAGE);
  } else {
    const config = readProjectConfig(args.config);
    // Kept across restarts, where simulate finds it (local/dev-secret.ts).
    const { secret, source } = devSecret(process.env[SECRET_ENV] || undefined, generateSecret);
    const server = await startDevServer({
      port: args.port,
      sqsPort: args.sqsPort,
      s3Port: args.s3Port,
      secret,
      config,
      receiverLogs: args.verbose,
      onDelivery: (report) => console.log(formatDeliveryReport(report)),
      ...(args.watchEverySeconds === undefined
        ? {}
        : { watch: { everyMs: args.watchEverySeconds * 1000, print: (line: string) => console.log(line) } }),
    });
    console.log(devBanner(server, config, source, args.watchEverySeconds));
    let stopping = false;
    const stop = () => {
      if (stopping) process.exit(130);
      stopping = true;
      console.log('\nstopping…');
      server.close().then(
        () => console.log('stopped'),
        (error: unknown) => {
          console.error(error);
          process.exitCode = 1;
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
} catch (error) {
  if (error instanceof UsageError) {
    console.error(usageErrorText(npmScript('dev'), error));
    process.exitCode = 2;
  } else if (
    error instanceof ArgyleWebhooksConfigError ||
    (error instanceof Error && error.name === 'PortInUseError')
  ) {
    console.error(`npm run dev: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
