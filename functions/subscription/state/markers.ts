/**
 * The markers deploy writes for the others to read. Pure names and times; the store keeps them.
 *
 * `deploy`: every custom resource event writes it before it changes anything, valid for
 * {@link DEPLOY_MARKER_WINDOW_MS}. While it is valid a deploy is (or just was) changing the subscriptions: the
 * watcher reports no drift and repairs nothing. The window covers an event (5 minutes at most) and the time
 * CloudFormation takes between an Update and the Delete it sends for the replaced physical id once the rest of
 * the stack has updated, during which the old subscription (retired in the record) still delivers beside the
 * new one.
 */
import type { Marker, SubscriptionStateStore } from './store';

export const DEPLOY_MARKER = 'deploy';

/** How long a `deploy` marker holds after the event that wrote it: 20 minutes. */
export const DEPLOY_MARKER_WINDOW_MS = 20 * 60_000;

/** What a custom resource event says about itself (ids and names only, never a secret or a property value). */
export interface DeployMarkerFacts {
  readonly requestType: string;
  readonly name: string;
  readonly logicalResourceId: string;
  readonly requestId: string;
  readonly physicalResourceId?: string;
}

export function deployMarker(facts: DeployMarkerFacts, now: number): Marker {
  const values: Record<string, string> = {
    requestType: facts.requestType,
    name: facts.name,
    logicalResourceId: facts.logicalResourceId,
    requestId: facts.requestId,
    at: new Date(now).toISOString(),
  };
  if (facts.physicalResourceId !== undefined) values.physicalResourceId = facts.physicalResourceId;
  return { name: DEPLOY_MARKER, values, expiresAt: now + DEPLOY_MARKER_WINDOW_MS };
}

/** The `deploy` marker while a deploy is in progress (or ended less than the window ago); else `undefined`. */
export function deployInProgress(store: SubscriptionStateStore, now: number): Promise<Marker | undefined> {
  return store.getMarker(DEPLOY_MARKER, now);
}
