/**
 * M2b, what a sender waits for after idle: a fresh `node` process imports the built bundle and hands it one
 * delivery; the figure is the time from process start (`performance.now()` counts from it) to the handler's
 * 2xx: import, the first Secrets Manager read and the first SQS send, against the local stand-ins
 * (bench/sqs-server.ts) over HTTP. The floor is the bare SDK bundle (the same two clients, one
 * `GetSecretValue` then one `SendMessage` of the same message, body and attributes) run the same way against
 * the same stand-ins; the empty bundle gives
 * Node's own start. N samples per bundle in randomized interleaved rounds, the first round discarded.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { RECEIVER_DEFAULT_ENVIRONMENT } from '../functions/shared/contract';
import { buildBundles } from './bundles';
import { ACCOUNT_ID, isolatedAwsEnv, ONE_QUEUE, receiverEnv, SECRET_ARN } from './fixtures';
import { messageFor, signedEvent } from './receiver-setup';
import { compared, type MeasureResult, type Row } from './report';
import { type StandIns, startStandIns } from './stand-ins';
import { coefficientOfVariation, shuffled, summarize } from './stats';

export interface FirstDeliverySample {
  /** Process start to the end of `import()`. */
  readonly importedMs: number;
  /** Process start to the handler's 2xx. */
  readonly firstMs: number;
}

const MARK = 'M2B_RESULT ';

/** Imports the bundle, calls its handler once with BENCH_EVENT, and prints the times on a marked line. */
const PROBE = (url: string) =>
  `const m=await import(${JSON.stringify(url)});const i=performance.now();` +
  `const r=await m.handler(JSON.parse(process.env.BENCH_EVENT));const f=performance.now();` +
  `if(!(r.statusCode>=200&&r.statusCode<300))throw new Error('answered '+r.statusCode+': '+r.body);` +
  `process.stderr.write(${JSON.stringify(MARK)}+JSON.stringify({importedMs:i,firstMs:f})+'\\n');process.exit(0)`;

function firstDeliveryOnce(file: string, env: Record<string, string>): Promise<FirstDeliverySample> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--no-warnings', '--input-type=module', '-e', PROBE(pathToFileURL(file).href)],
      // The receiver's log and EMF lines go to stdout: discarded, as M3b does.
      { env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = err.split('\n').find((text) => text.startsWith(MARK));
      if (code === 0 && line) resolve(JSON.parse(line.slice(MARK.length)) as FirstDeliverySample);
      else reject(new Error(`first delivery to ${file} failed (${code}): ${err.trim()}`));
    });
  });
}

/** Both processes' environments: the receiver's variables and the floor's, every endpoint a local stand-in. */
function environments(standIns: StandIns) {
  const queueUrlPrefix = `${standIns.endpoint}/${ACCOUNT_ID}/`;
  const { body, event } = signedEvent(1024);
  const common = {
    ...RECEIVER_DEFAULT_ENVIRONMENT,
    ...receiverEnv(ONE_QUEUE, queueUrlPrefix),
    AWS_ENDPOINT_URL_SQS: standIns.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: standIns.secretsEndpoint,
    // The floor's two variables (bench/entries/bare-sdk.ts).
    SECRET_ID: SECRET_ARN,
    QUEUE_URL: `${queueUrlPrefix}${ONE_QUEUE.queues[0]}`,
  };
  return {
    // The receiver gets the delivery as API Gateway hands it over; the floor sends the message the receiver
    // stores, the same body and attributes, handed to it ready-made.
    receiver: isolatedAwsEnv({ ...common, BENCH_EVENT: JSON.stringify(event) }),
    floor: isolatedAwsEnv({
      ...common,
      BENCH_EVENT: JSON.stringify({ body, attributes: messageFor(body, event).attributes }),
    }),
  };
}

export async function measureFirstDelivery(options: { readonly samples: number }): Promise<MeasureResult> {
  const bundles = await buildBundles();
  const standIns = await startStandIns(ONE_QUEUE.queues);
  try {
    const env = environments(standIns);
    const runs = {
      receiver: () => firstDeliveryOnce(bundles.receiver.file, env.receiver),
      'bare-sdk': () => firstDeliveryOnce(bundles['bare-sdk'].file, env.floor),
      empty: () => firstDeliveryOnce(bundles.empty.file, env.floor),
    };
    const names = Object.keys(runs) as (keyof typeof runs)[];
    const samples = Object.fromEntries(names.map((name) => [name, [] as FirstDeliverySample[]])) as Record<
      keyof typeof runs,
      FirstDeliverySample[]
    >;
    for (let round = 0; round <= options.samples; round++) {
      for (const name of shuffled(names)) {
        const sample = await runs[name]();
        if (round > 0) samples[name].push(sample);
      }
    }
    const stat = (name: keyof typeof runs, key: keyof FirstDeliverySample) => {
      const values = samples[name].map((sample) => sample[key]);
      return { ...summarize(values), cv: coefficientOfVariation(values) };
    };
    const receiver = stat('receiver', 'firstMs');
    const floor = stat('bare-sdk', 'firstMs');
    const empty = stat('empty', 'firstMs');
    const split = (name: keyof typeof runs) => {
      const imported = stat(name, 'importedMs').p50;
      return `import ${imported.toFixed(1)} ms + first delivery ${(stat(name, 'firstMs').p50 - imported).toFixed(1)} ms`;
    };
    const { secretReads } = await standIns.stop();
    const rows: Row[] = [
      compared(
        {
          id: 'M2b',
          metric: 'process start to first 2xx, p50',
          ours: { value: receiver.p50, unit: 'ms' },
          against: { label: 'bare SDK', value: { value: floor.p50, unit: 'ms' } },
          target: '≤ 1.15×',
          note:
            `M2b: fresh process, import + first Secrets Manager read + first SQS send against the local stand-ins, ` +
            `N=${options.samples} per bundle; receiver ${split('receiver')}; bare SDK ${split('bare-sdk')}; ` +
            `Node start to an empty handler's answer ${empty.p50.toFixed(1)} ms; receiver CV ${(receiver.cv * 100).toFixed(0)} %`,
        },
        (ratio) => ratio <= 1.15,
      ),
      {
        id: 'M2b',
        metric: 'process start to first 2xx, min',
        ours: { value: receiver.min, unit: 'ms' },
        against: { label: 'bare SDK', value: { value: floor.min, unit: 'ms' } },
        ratio: receiver.min / floor.min,
        target: 'report',
        status: 'info',
      },
    ];
    return {
      rows,
      details: {
        samplesPerBundle: options.samples,
        secretReads,
        firstMs: { receiver, 'bare-sdk': floor, empty },
        importedMs: {
          receiver: stat('receiver', 'importedMs'),
          'bare-sdk': stat('bare-sdk', 'importedMs'),
          empty: stat('empty', 'importedMs'),
        },
      },
    };
  } catch (error) {
    await standIns.stop().catch(() => undefined);
    throw error;
  }
}
