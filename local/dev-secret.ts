/**
 * The dev server's signing secret, kept across restarts of `npm run dev` in a file of this checkout, where
 * `npm run simulate` finds it: a restart no longer leaves simulate signing with a stale secret (every delivery
 * a 401). `ARGYLE_WEBHOOK_SECRET` still chooses one; the file then holds that one.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Where the secret is kept (in node_modules/.cache, which git ignores); `ARGYLE_DEV_SECRET_FILE` overrides it. */
export function devSecretFile(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return (
    env.ARGYLE_DEV_SECRET_FILE ??
    path.resolve(import.meta.dirname, '../node_modules/.cache/argyle-webhooks-aws/dev-secret')
  );
}

/** The kept secret, or undefined when there is none (or it cannot be read). */
export function readDevSecret(file = devSecretFile()): string | undefined {
  try {
    const secret = readFileSync(file, 'utf8').trim();
    return secret === '' ? undefined : secret;
  } catch {
    return undefined;
  }
}

/** Keeps `secret` for the next start and for simulate (readable by this user only). */
export function keepDevSecret(secret: string, file = devSecretFile()): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Where the dev server's secret comes from. */
export type DevSecretSource = 'environment' | 'kept' | 'generated';

/** The secret `npm run dev` uses: `ARGYLE_WEBHOOK_SECRET`, else the kept one, else a new one (`generate`). */
export function devSecret(
  fromEnvironment: string | undefined,
  generate: () => string,
  file = devSecretFile(),
): { secret: string; source: DevSecretSource } {
  const kept = readDevSecret(file);
  const chosen: { secret: string; source: DevSecretSource } =
    fromEnvironment !== undefined
      ? { secret: fromEnvironment, source: 'environment' }
      : kept !== undefined
        ? { secret: kept, source: 'kept' }
        : { secret: generate(), source: 'generated' };
  if (chosen.secret !== kept) keepDevSecret(chosen.secret, file);
  return chosen;
}
