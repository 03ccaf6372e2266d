/**
 * Declarative routing: which queues an event goes to. Pure; compiled once from the routing table.
 */
import type { CatchAllReason, RoutingTable } from '../shared/contract';
import type { EnvelopeResult } from './envelope';

export interface CompiledRule {
  readonly matchesEvent: (event: string) => boolean;
  readonly subscriptions: ReadonlySet<string> | undefined;
  readonly queue: number;
}

export interface RouteDecision {
  /** Indices into the routing table's queues, each once. */
  readonly queues: readonly number[];
  /** Set when the delivery goes to the catch-all queue. */
  readonly catchAllReason?: CatchAllReason;
}

/** Turns one pattern (`*`, `accounts.*`, `*.fully_synced`, `accounts.connected`) into a matcher. */
export function compilePattern(pattern: string): (event: string) => boolean {
  if (pattern === '*') return () => true;
  const dot = pattern.indexOf('.');
  const resource = pattern.slice(0, dot);
  const action = pattern.slice(dot + 1);
  if (resource !== '*' && action !== '*') return (event) => event === pattern;
  return (event) => {
    const eventDot = event.indexOf('.');
    if (eventDot < 0 || event.indexOf('.', eventDot + 1) >= 0) return false;
    return (
      (resource === '*' || event.slice(0, eventDot) === resource) &&
      (action === '*' || event.slice(eventDot + 1) === action)
    );
  };
}

export function compileRules(table: RoutingTable): readonly CompiledRule[] {
  return table.rules.map((rule) => {
    const matchers = rule.events.map(compilePattern);
    return {
      matchesEvent: (event: string) => matchers.some((matches) => matches(event)),
      subscriptions: rule.subscriptions ? new Set(rule.subscriptions) : undefined,
      queue: rule.queue,
    };
  });
}

/**
 * Every queue whose rule matches the event (and, when the rule names subscriptions, the delivering
 * subscription). What cannot be parsed, or matches no rule, goes to the catch-all queue.
 */
export function routeDelivery(
  rules: readonly CompiledRule[],
  catchAll: number,
  parsed: EnvelopeResult,
): RouteDecision {
  if (!parsed.ok) return { queues: [catchAll], catchAllReason: parsed.reason };
  const { event, subscription } = parsed.envelope;
  const queues: number[] = [];
  for (const rule of rules) {
    if (queues.includes(rule.queue)) continue;
    if (rule.subscriptions && (subscription === undefined || !rule.subscriptions.has(subscription))) continue;
    if (rule.matchesEvent(event)) queues.push(rule.queue);
  }
  return queues.length > 0 ? { queues } : { queues: [catchAll], catchAllReason: 'unmatched' };
}
