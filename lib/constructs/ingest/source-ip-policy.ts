/**
 * Who may call the API: its resource policy, which by default lets in only Argyle's addresses, and the warning
 * when that restriction is off.
 */
import { Annotations } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** Allows `execute-api:Invoke` to everyone, then denies it to every address outside `allowedSourceIps`. */
export function sourceIpPolicy(allowedSourceIps: readonly string[]): PolicyDocument {
  const invoke = {
    principals: [new AnyPrincipal()],
    actions: ['execute-api:Invoke'],
    resources: ['execute-api:/*'],
  };
  return new PolicyDocument({
    statements: [
      new PolicyStatement({ effect: Effect.ALLOW, ...invoke }),
      new PolicyStatement({
        effect: Effect.DENY,
        ...invoke,
        conditions: { NotIpAddress: { 'aws:SourceIp': [...allowedSourceIps] } },
      }),
    ],
  });
}

/** Warns at synth time that anyone on the internet can reach the webhook. */
export function warnSourceIpsUnrestricted(scope: Construct): void {
  Annotations.of(scope).addWarningV2(
    'argyle-webhooks:source-ips-unrestricted',
    'restrictSourceIps is false: anyone on the internet can reach POST /webhook, and only the HMAC signature ' +
      "check protects it. Keep the restriction to Argyle's addresses (the default) unless a proxy in front " +
      'changes the source address.',
  );
}
