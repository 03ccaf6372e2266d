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

/** One event of Argyle's published OpenAPI (test/fixtures/argyle-openapi/events.json), with its example deliveries. */
export interface PublishedSpecEvent {
  readonly event: string;
  readonly resource: string;
  readonly examples: readonly { readonly event: string; readonly name: string; readonly data: unknown }[];
  /** Examples the spec gives that are not deliveries (a defect in the spec); see the fixture's README. */
  readonly malformed_examples?: readonly { readonly example_key: string; readonly value: unknown }[];
}

/** The 51 events argyle-all.yaml 1.0.111 lists, in its order, with its example deliveries. */
export function publishedSpecEvents(): PublishedSpecEvent[] {
  return JSON.parse(
    readFileSync(new URL('argyle-openapi/events.json', fixtures), 'utf8'),
  ) as PublishedSpecEvent[];
}

/** The example deliveries of argyle-all.yaml 1.0.111, the malformed one aside. */
export function publishedSpecExamples(): PublishedSpecEvent['examples'][number][] {
  return publishedSpecEvents().flatMap((entry) => entry.examples);
}

/** Pretty-prints a body the way Argyle sends it (2-space indent, no trailing newline). */
export function argyleBody(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
