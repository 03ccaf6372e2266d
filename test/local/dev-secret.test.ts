/**
 * A restarted `npm run dev` and `npm run simulate` agree on the signing secret: the dev server keeps it across
 * restarts where simulate finds it, and a 401 from a stale secret says why.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSimulateArgs } from '#local/cli/simulate-args';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function environment(secretFile: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ARGYLE_DEV_SECRET_FILE: secretFile, ...extra };
  if (extra.ARGYLE_WEBHOOK_SECRET === undefined) delete env.ARGYLE_WEBHOOK_SECRET;
  return env;
}

/** Starts `npm run dev` on free ports; resolves with its banner once it is ready. */
async function startDev(secretFile: string): Promise<{ child: ChildProcess; banner: string }> {
  const child = spawn(TSX, ['bin/dev.ts', '--port', '0', '--sqs-port', '0'], {
    cwd: ROOT,
    env: environment(secretFile),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let banner = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes('Deliveries (Ctrl-C to stop):')) resolve();
    });
    child.on('exit', () => reject(new Error(`npm run dev ended: ${banner}`)));
  });
  return { child, banner };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const secretIn = (banner: string) => /(?:generated|kept from the last run): (\S+)/.exec(banner)?.[1];
const urlIn = (banner: string) => /Webhook URL\s+(\S+)/.exec(banner)?.[1] ?? '';

describe('the dev server’s signing secret', () => {
  it('survives a restart, and simulate finds it without being told', async () => {
    const secretFile = path.join(mkdtempSync(path.join(tmpdir(), 'argyle-webhooks-')), 'dev-secret');
    const first = await startDev(secretFile);
    await stop(first.child);

    const second = await startDev(secretFile);
    try {
      const simulated = spawnSync(
        TSX,
        ['bin/simulate.ts', 'accounts.connected', '--url', urlIn(second.banner)],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: environment(secretFile),
        },
      );

      expect(secretIn(first.banner)).toMatch(/^[A-Za-z0-9]{64}$/);
      expect(second.banner).toContain(`kept from the last run: ${secretIn(first.banner)}`);
      expect(simulated.status, simulated.stdout + simulated.stderr).toBe(0);
    } finally {
      await stop(second.child);
    }
  });

  it('says why a stale ARGYLE_WEBHOOK_SECRET is refused', async () => {
    const secretFile = path.join(mkdtempSync(path.join(tmpdir(), 'argyle-webhooks-')), 'dev-secret');
    const dev = await startDev(secretFile);
    try {
      const simulated = spawnSync(
        TSX,
        ['bin/simulate.ts', 'accounts.connected', '--url', urlIn(dev.banner)],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: environment(secretFile, { ARGYLE_WEBHOOK_SECRET: 'a-secret-from-an-earlier-run' }),
        },
      );

      expect(simulated.status).toBe(1);
      expect(simulated.stderr).toContain(
        `401: simulate signed with the secret from $ARGYLE_WEBHOOK_SECRET, and the dev server uses another one (kept in ${secretFile}); unset ARGYLE_WEBHOOK_SECRET and simulate takes the dev server's`,
      );
    } finally {
      await stop(dev.child);
    }
  });

  it('is used by simulate for a local URL only', () => {
    const local = parseSimulateArgs(['accounts.connected'], {}, 'kept-secret');
    expect([local.secret, local.secretSource]).toEqual(['kept-secret', 'dev server']);
    expect(() =>
      parseSimulateArgs(
        ['accounts.connected', '--url', 'https://abc.execute-api.us-east-1.amazonaws.com/prod/webhook'],
        {},
        'kept-secret',
      ),
    ).toThrow(/no signing secret/);
  });
});
