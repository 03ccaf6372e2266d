/**
 * The servers M4 and M4b load, and the load itself: each server variant (bench/end-to-end-server.ts) in a child
 * process on 127.0.0.1, one precomputed signed 1 KB Argyle delivery, autocannon runs against a server, and the
 * check that a server accepts the delivery before it is measured.
 */
import { type ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { checkEvent } from '../functions/catalogue/check-event';
import { signBody } from '../functions/receiver/signature';
import { RECEIVER_DEFAULT_ENVIRONMENT, SIGNATURE_HEADER } from '../functions/shared/contract';
import type { ChildMessage, ParentMessage, ServerVariant } from './end-to-end-server';
import { argyleShapedBody, isolatedAwsEnv, SECRET } from './fixtures';
import { BENCH_DIR, PROJECT_ROOT } from './paths';

/** How long to wait for a server child to start, answer or stop. */
const CHILD_TIMEOUT_MS = 60_000;

/** The headers Argyle's webhook client sends besides the signature (as local/simulate.ts sends them). */
const ARGYLE_HEADERS = {
  accept: '*/*',
  'accept-encoding': 'gzip',
  'content-type': 'application/json',
  'user-agent': 'ReactorNetty/1.1.28',
} as const;

export interface ServerChild {
  readonly variant: ServerVariant;
  readonly url: string;
  cpuUs(): Promise<number>;
  stop(): Promise<{ readonly queuedMessages?: number }>;
  kill(): void;
}

export async function startServer(variant: ServerVariant): Promise<ServerChild> {
  const child: ChildProcess = fork(path.join(BENCH_DIR, 'end-to-end-server.ts'), [variant], {
    cwd: PROJECT_ROOT,
    execArgv: ['--no-warnings', '--import', 'tsx'],
    env: isolatedAwsEnv(RECEIVER_DEFAULT_ENVIRONMENT),
    // stdout (the receiver's log lines and EMF metrics) is discarded; stderr is passed through.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code) => {
      exitCode = code;
      resolve();
    });
  });
  const next = <T extends ChildMessage['type']>(type: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const fail = (reason: string) => {
        cleanup();
        reject(new Error(`M4 ${variant} server: ${reason}`));
      };
      const onMessage = (message: ChildMessage) => {
        if (message.type === 'error') fail(message.error);
        else if (message.type === type) {
          cleanup();
          resolve(message as Extract<ChildMessage, { type: T }>);
        }
      };
      const onExit = (code: number | null) => fail(`exited (${code}) before answering ${type}`);
      const timer = setTimeout(
        () => fail(`no ${type} within ${CHILD_TIMEOUT_MS / 1000} s`),
        CHILD_TIMEOUT_MS,
      );
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      if (exitCode !== undefined) {
        fail(`exited (${exitCode})`);
        return;
      }
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  const ask = <T extends ChildMessage['type']>(message: ParentMessage, type: T) => {
    const answer = next(type);
    child.send(message);
    return answer;
  };
  const kill = () => {
    if (exitCode === undefined) child.kill();
  };
  try {
    const { url } = await next('ready');
    return {
      variant,
      url,
      cpuUs: async () => (await ask({ type: 'cpu' }, 'cpu')).cpuUs,
      async stop() {
        const answer = await ask({ type: 'stop' }, 'stopped');
        await exited;
        return answer;
      },
      kill,
    };
  } catch (error) {
    kill();
    throw error;
  }
}

export interface Delivery {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** One signed 1 KB delivery on the usual path (a catalogue event whose data passes its schema). */
export function delivery(): Delivery {
  const body = argyleShapedBody(1024);
  if (checkEvent(JSON.parse(body) as { event: string }) !== 'passed')
    throw new Error('bench body fails the catalogue');
  return { body, headers: { ...ARGYLE_HEADERS, [SIGNATURE_HEADER]: signBody(SECRET, body) } };
}

export interface Run {
  /** Latency of every 2xx answer, ms. */
  readonly latenciesMs: number[];
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly seconds: number;
  /** Standard deviation over mean of the 1 s samples of answers. */
  readonly perSecondCv: number;
  /** The server process's CPU time during the run, µs. */
  readonly serverCpuUs: number;
}

export async function load(
  server: ServerChild,
  request: Delivery,
  connections: number,
  length: { readonly seconds: number } | { readonly requests: number },
): Promise<Run> {
  const latenciesMs: number[] = [];
  const cpuBefore = await server.cpuUs();
  const instance = autocannon({
    url: server.url,
    method: 'POST',
    headers: request.headers,
    body: request.body,
    connections,
    ...('seconds' in length ? { duration: length.seconds } : { amount: length.requests }),
    pipelining: 1,
    timeout: 10,
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latenciesMs.push(ms);
  });
  const result = await instance;
  const serverCpuUs = (await server.cpuUs()) - cpuBefore;
  return {
    latenciesMs,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
    perSecondCv: result.requests.stddev / result.requests.average,
    serverCpuUs,
  };
}

/** One request, before any load: the server must accept the delivery. */
export async function accepts(server: ServerChild, request: Delivery): Promise<void> {
  const response = await fetch(server.url, { method: 'POST', headers: request.headers, body: request.body });
  const text = await response.text();
  if (!response.ok) throw new Error(`M4 ${server.variant} answered ${response.status}: ${text}`);
}
