/** What {@link redactSubscription} puts in place of a secret. */
export const REDACTED = '[redacted]';

/**
 * A copy of a subscription whose `secret` is replaced by {@link REDACTED}, for anything printed, logged or
 * returned. A `null` or absent secret is kept as it is, so the copy still shows whether deliveries are signed.
 */
export function redactSubscription<T extends object & { readonly secret?: string | null }>(
  subscription: T,
): T {
  return typeof subscription.secret === 'string'
    ? { ...subscription, secret: REDACTED }
    : { ...subscription };
}
