/** Argyle's real deliveries and bodies from test/fixtures (see its README), and signing for test-made bodies. */
import { readFileSync } from 'node:fs';

const fixtures = new URL('../fixtures/', import.meta.url);

export interface CapturedDelivery {
  readonly capture: string;
  readonly event: string;
  readonly signed_by_argyle: boolean;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface CapturedDeliveries {
  readonly secret: string;
  readonly deliveries: readonly CapturedDelivery[];
}

export function capturedDeliveries(): CapturedDeliveries {
  return JSON.parse(
    readFileSync(new URL('argyle-captured-deliveries.json', fixtures), 'utf8'),
  ) as CapturedDeliveries;
}

/** Pretty-prints a body the way Argyle sends it (2-space indent, no trailing newline). */
export function argyleBody(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
