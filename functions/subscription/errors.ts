/**
 * A failure the custom resource reports to CloudFormation. The message is what the stack events show as the
 * reason, so it says what went wrong and what to do; it never holds a secret value.
 */
export class SubscriptionError extends Error {
  override readonly name: string = 'SubscriptionError';
}
