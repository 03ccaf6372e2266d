/**
 * The real Argyle webhook bodies vendored in test/fixtures: the five `webhook_*.json` files and every body in
 * argyle-captured-deliveries.json, read at test time.
 */
import { readdirSync, readFileSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/', import.meta.url);

export interface RealBody {
  /** Where the body comes from, for test names. */
  readonly source: string;
  readonly body: { readonly event: string; readonly name?: unknown; readonly data?: unknown };
}

export function realBodies(): RealBody[] {
  const apiDir = new URL('argyle-api/', FIXTURES);
  const files = readdirSync(apiDir).filter((file) => /^webhook_.*\.json$/.test(file));
  const fromFiles = files.map((file) => ({
    source: file,
    body: JSON.parse(readFileSync(new URL(file, apiDir), 'utf8')),
  }));
  const captured = JSON.parse(readFileSync(new URL('argyle-captured-deliveries.json', FIXTURES), 'utf8')) as {
    deliveries: { capture: string; body: string }[];
  };
  const fromCaptures = captured.deliveries.map((delivery, index) => ({
    source: `captured delivery #${index} (${delivery.capture})`,
    body: JSON.parse(delivery.body),
  }));
  return [...fromFiles, ...fromCaptures];
}
