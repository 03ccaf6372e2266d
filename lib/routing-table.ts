/**
 * Builds the receiver's routing table from routes and their queues. Pure and generic over what a queue is, so
 * the construct (CDK queues) and the local dev server (queue names) build the table the same way.
 */
import type { RoutingRule, RoutingTable } from '../functions/shared/contract.js';

/** A route as the routing table needs it: its patterns, its subscriptions, and its target queue. */
export interface RouteTarget<Q> {
  readonly events: readonly string[];
  readonly subscriptions?: readonly string[];
  readonly queue: Q;
}

/** A {@link RoutingTable} whose queues are still `Q`s rather than names or URLs. */
export interface RoutingTableOf<Q> extends Omit<RoutingTable, 'queues'> {
  readonly queues: readonly Q[];
}

/**
 * The routing table: each target queue once, routes' queues first in route order and the catch-all last
 * (unless a route already targets it), and one rule per route, in order, referring to queues by index.
 */
export function routingTableOf<Q>(routes: readonly RouteTarget<Q>[], catchAll: Q): RoutingTableOf<Q> {
  const queues = [...new Set([...routes.map((route) => route.queue), catchAll])];
  const rules: RoutingRule[] = routes.map((route) => ({
    events: [...route.events],
    ...(route.subscriptions ? { subscriptions: [...route.subscriptions] } : {}),
    queue: queues.indexOf(route.queue),
  }));
  return { queues, catchAll: queues.indexOf(catchAll), rules };
}
