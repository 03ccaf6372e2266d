/**
 * Starts the local stand-ins (bench/sqs-server.ts: the SQS emulator and the Secrets Manager stand-in) in a
 * child process on 127.0.0.1, so they never share the measured process's event loop.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { isolatedAwsEnv } from './fixtures';
import { BENCH_DIR, PROJECT_ROOT } from './paths';

export interface StandIns {
  /** The SQS emulator's endpoint. */
  readonly endpoint: string;
  /** The Secrets Manager stand-in's endpoint; it holds the bench's SECRET under fixtures' SECRET_ARN. */
  readonly secretsEndpoint: string;
  /** Stops both; resolves with the TCP connections the SQS emulator accepted and the secret reads served. */
  stop(): Promise<{ connections: number; secretReads: number }>;
}

/** Starts the stand-ins, with the SQS queues `queues` already created. */
export async function startStandIns(queues: readonly string[] = []): Promise<StandIns> {
  const child = spawn(
    process.execPath,
    ['--no-warnings', '--import', 'tsx', path.join(BENCH_DIR, 'sqs-server.ts'), ...queues],
    {
      cwd: PROJECT_ROOT,
      env: isolatedAwsEnv(),
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('the local stand-ins exited');
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const { port, secretsEndpoint } = await next();
  return {
    endpoint: `http://127.0.0.1:${Number(port)}`,
    secretsEndpoint: String(secretsEndpoint),
    async stop() {
      child.stdin.end();
      const { connections, secretReads } = await next();
      return { connections: Number(connections), secretReads: Number(secretReads) };
    },
  };
}
