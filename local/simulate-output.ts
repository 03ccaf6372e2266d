/** What `npm run simulate` prints: one line per delivery, then a tally of the answers. */
import type { SimulationResult } from './simulate';

/** `200  accounts.connected  delivery 3f2a…  12 ms`, or the reason no answer came. */
export function formatResult(result: SimulationResult): string {
  const what = result.event ?? result.label;
  const time = `${Math.round(result.durationMs)} ms`;
  if (result.status === undefined) return `---  ${what}  ${result.error ?? 'no answer'}  ${time}`;
  const detail = result.deliveryId ? `delivery ${result.deliveryId}` : answerMessage(result.responseBody);
  return `${result.status}  ${what}  ${detail}  ${time}`;
}

export interface Tally {
  /** e.g. `74 sent: 74 × 200` */
  readonly line: string;
  /** Whether every answer was the expected one (2xx, or 401 with a bad signature). */
  readonly asExpected: boolean;
}

export function tally(results: readonly SimulationResult[], badSignature: boolean): Tally {
  const counts = new Map<string, number>();
  for (const result of results) {
    const key = result.status === undefined ? 'no answer' : String(result.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const parts = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${count} × ${key}`);
  const expected = (status: number | undefined) =>
    status !== undefined && (badSignature ? status === 401 : status >= 200 && status < 300);
  return {
    line: `${results.length} sent: ${parts.join(', ') || 'nothing'}`,
    asExpected: results.every((result) => expected(result.status)),
  };
}

function answerMessage(body: string | undefined): string {
  if (body === undefined || body === '') return '';
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null && 'message' in json) return String(json.message);
  } catch {
    // Not JSON: show the start of it.
  }
  return body.length > 120 ? `${body.slice(0, 117)}...` : body;
}
