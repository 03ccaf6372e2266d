/**
 * Why simulate's deliveries were refused with 401, when they were meant to pass: a secret other than the one
 * the dev server uses (say, `ARGYLE_WEBHOOK_SECRET` exported before a restart), or another stack's.
 */
import type { SecretOrigin } from './cli/simulate-args';
import { SECRET_ENV } from './defaults';

export interface RefusalInput {
  readonly url: string;
  readonly badSignature: boolean;
  readonly secret: string;
  readonly secretSource: SecretOrigin;
  /** The dev server's kept secret, when there is one. */
  readonly devSecret: string | undefined;
  readonly devSecretFile: string;
  readonly statuses: readonly (number | undefined)[];
}

/** One paragraph to print, or undefined when no delivery was refused (or refusal was the point). */
export function refusalHint(input: RefusalInput): string | undefined {
  if (input.badSignature || !input.statuses.includes(401)) return undefined;
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(input.url).hostname);
  if (!local) {
    return `401: the signature does not match the stack's signing secret; pass --secret with the value of the secret named by its SigningSecretArn output`;
  }
  const from =
    input.secretSource === 'option'
      ? '--secret'
      : input.secretSource === 'environment'
        ? `$${SECRET_ENV}`
        : input.devSecretFile;
  if (
    input.secretSource !== 'dev server' &&
    input.devSecret !== undefined &&
    input.devSecret !== input.secret
  ) {
    const instead = input.secretSource === 'environment' ? `unset ${SECRET_ENV}` : 'leave --secret out';
    return `401: simulate signed with the secret from ${from}, and the dev server uses another one (kept in ${input.devSecretFile}); ${instead} and simulate takes the dev server's`;
  }
  return `401: the dev server refused the signature made with the secret from ${from}; is npm run dev running with another ${SECRET_ENV}? Its banner says where its secret comes from`;
}
