/**
 * What the dev server says about each delivery: the event, the status the receiver answered, and the queues
 * the delivery went to. The queues come from the receiver's own routing functions over the same routing table:
 * a 200 means every one of them took the message.
 */
import { parseEnvelope } from '../functions/receiver/envelope';
import { compileRules, routeDelivery } from '../functions/receiver/routing';
import type { CatchAllReason, RoutingTable } from '../functions/shared/contract';

export interface DeliveryReport {
  /** The API Gateway request id: the `argyle.delivery-id` of the messages. */
  readonly requestId: string;
  readonly receivedAt: Date;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The envelope's `event`, when the body is one (read even when the signature failed). */
  readonly event?: string;
  readonly subscription?: string;
  /** Names of the queues the delivery was stored in; empty unless the status is 2xx. */
  readonly queues: readonly string[];
  readonly catchAllReason?: CatchAllReason;
  /** The answer's `message`, for answers other than 2xx. */
  readonly message?: string;
  readonly durationMs: number;
}

export interface ReportInput {
  readonly requestId: string;
  readonly receivedAt: number;
  readonly method: string;
  readonly path: string;
  readonly body: Buffer;
  readonly status: number;
  readonly responseBody: string;
  readonly durationMs: number;
}

/** Builds reports for deliveries routed by `table`. */
export function deliveryReporter(table: RoutingTable): (input: ReportInput) => DeliveryReport {
  const rules = compileRules(table);
  return (input) => {
    const parsed = parseEnvelope(input.body);
    const accepted = input.status >= 200 && input.status < 300;
    const decision = accepted ? routeDelivery(rules, table.catchAll, parsed) : undefined;
    return {
      requestId: input.requestId,
      receivedAt: new Date(input.receivedAt),
      method: input.method,
      path: input.path,
      status: input.status,
      event: parsed.ok ? parsed.envelope.event : undefined,
      subscription: parsed.ok ? parsed.envelope.subscription : undefined,
      queues: decision?.queues.map((queue) => table.queues[queue] ?? `#${queue}`) ?? [],
      catchAllReason: decision?.catchAllReason,
      message: accepted ? undefined : answerMessage(input.responseBody),
      durationMs: input.durationMs,
    };
  };
}

/** One line: `10:00:00.123  200  accounts.connected → all-events  (12 ms)`. */
export function formatDeliveryReport(report: DeliveryReport): string {
  const time = report.receivedAt.toISOString().slice(11, 23);
  const what =
    report.path === '/webhook' && report.method === 'POST'
      ? (report.event ?? '(not an Argyle envelope)')
      : `${report.method} ${report.path}`;
  const outcome =
    report.queues.length > 0
      ? `→ ${report.queues.join(', ')}${report.catchAllReason ? ` (${report.catchAllReason})` : ''}`
      : `✗ ${report.message ?? 'no queue'}`;
  return `${time}  ${report.status}  ${what} ${outcome}  (${Math.round(report.durationMs)} ms)`;
}

function answerMessage(body: string): string | undefined {
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null && 'message' in json && typeof json.message === 'string') {
      return json.message;
    }
  } catch {
    // Not JSON: no message to show.
  }
  return undefined;
}
