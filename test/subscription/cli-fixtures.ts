/** The in-process argyle-subscriptions CLI against the fake Argyle API and a local Secrets Manager, and npx. */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { type CliIo, main } from '#functions/subscription/cli/main';
import { createSecretsManagerClient } from '#functions/subscription/secrets';
import { FakeSecretsManager } from '#local/secrets-manager';
import type { FakeArgyleApi } from '../support/fake-argyle-api';
import { useFakeArgyleApi } from '../support/fake-argyle-api-fixture';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SECRET = 'whsec-cli-3c5e7a9b1d2f4e6a8c0b';

export let api: FakeArgyleApi;
export let secrets: FakeSecretsManager;

/** Registers the hooks that start the fake Argyle API and a local Secrets Manager for the tests of this file. */
export function useCli(): void {
  api = useFakeArgyleApi();
  beforeAll(async () => {
    secrets = await FakeSecretsManager.start();
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await secrets.close();
  });
}

/** Runs `npx --no-install <args>` in the project root. */
export function npx(args: readonly string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'npx',
      ['--no-install', ...args],
      { cwd: ROOT, env, encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({
          status: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** Waits the CLI asked for (ms); it never really waits in a test. */
export const sleeps: number[] = [];

/** Runs the CLI in-process against the fake API, with its key in the environment unless `env` says otherwise. */
export async function run(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
  more: Partial<Pick<CliIo, 'stateStore' | 'metrics' | 'now'>> = {},
) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {
      ARGYLE_API_KEY_ID: api.apiKeyId,
      ARGYLE_API_KEY_SECRET: api.apiKeySecret,
      ARGYLE_API_BASE_URL: api.url,
      ...env,
    },
    secrets: createSecretsManagerClient,
    client: { timeoutMs: 500, totalTimeoutMs: 1_500, retryBaseDelayMs: 5, retryMaxDelayMs: 20 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...more,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
