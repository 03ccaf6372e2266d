/**
 * Runs one in-process measure in a fresh `node` child (through tsx), so every loop has the event loop and
 * heap to itself, with warnings off and only 127.0.0.1 endpoints in its environment. The result comes back
 * over IPC; the child's stdout is discarded and its stderr is passed through.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { RECEIVER_DEFAULT_ENVIRONMENT } from '../functions/shared/contract';
import type { ChildMeasures } from './child';
import { isolatedAwsEnv } from './fixtures';
import { BENCH_DIR, PROJECT_ROOT } from './paths';

export function runInChild<K extends keyof ChildMeasures>(
  name: K,
  options: Parameters<ChildMeasures[K]>[0],
  nodeFlags: readonly string[] = [],
): Promise<Awaited<ReturnType<ChildMeasures[K]>>> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(BENCH_DIR, 'child.ts'), [name, JSON.stringify(options)], {
      cwd: PROJECT_ROOT,
      execArgv: ['--no-warnings', '--import', 'tsx', ...nodeFlags],
      env: isolatedAwsEnv(RECEIVER_DEFAULT_ENVIRONMENT),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: { ok: true; value: unknown } | { ok: false; error: string } | undefined;
    child.on('message', (message) => {
      result = message as typeof result;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result?.ok) resolve(result.value as Awaited<ReturnType<ChildMeasures[K]>>);
      else
        reject(
          new Error(`measure ${name} failed (exit ${code}): ${result?.ok === false ? result.error : ''}`),
        );
    });
  });
}
