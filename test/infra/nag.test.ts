/**
 * cdk-nag's AwsSolutions pack on the whole stack: a synth with the pack as a validation plugin throws, listing
 * every finding nobody acknowledged. Acknowledgements live next to the constructs they concern
 * (lib/constructs/nag-acknowledgements.ts), each with its reason.
 */
import { type App, Stack, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import { fastApp } from '../support/cdk-app';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The findings of the AwsSolutions pack that nobody acknowledged, as cdk-nag reports them, or ''. */
function unacknowledgedFindings(app: App): string {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function stackApp(rawConfig: Record<string, unknown>): { app: App; stack: ArgyleWebhookStack } {
  const app = fastApp();
  const stack = new ArgyleWebhookStack(app, 'Test', { config: parseConfig(rawConfig) });
  return { app, stack };
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the stack as configured by default', () => {
    const { app } = stackApp({});

    expect(unacknowledgedFindings(app)).toBe('');
  });

  it('finds nothing unacknowledged with the WAF, a KMS key, alarm e-mail and the silence alarm on', () => {
    const { app } = stackApp({
      waf: { enabled: true },
      kmsKeyArn: KEY_ARN,
      alarms: { email: 'oncall@example.com', noDeliveryHours: 6 },
    });

    expect(unacknowledgedFindings(app)).toBe('');
  });

  it('finds nothing unacknowledged with the archive on, with and without a KMS key', () => {
    expect(unacknowledgedFindings(stackApp({ archive: { enabled: true } }).app)).toBe('');
    expect(unacknowledgedFindings(stackApp({ archive: { enabled: true }, kmsKeyArn: KEY_ARN }).app)).toBe('');
  });

  it('finds nothing unacknowledged with the signing secret rotated on a schedule, with and without a KMS key', () => {
    for (const kms of [{}, { kmsKeyArn: KEY_ARN }]) {
      const { app } = stackApp({ signingSecret: { rotation: { enabled: true } }, ...kms });

      expect(unacknowledgedFindings(app)).toBe('');
    }
  });

  it('acknowledges SMG4 (no automatic rotation) for the signing secret only while rotation is off', () => {
    const smg4 = (rotation: boolean) => {
      const { app, stack } = stackApp({ signingSecret: { rotation: { enabled: rotation } } });
      app.synth();
      return stack.ingest.signingSecret.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .some((entry) =>
          Object.keys(entry.data as Record<string, string>).some((id) => id.endsWith('AwsSolutions-SMG4')),
        );
    };

    expect([smg4(false), smg4(true)]).toEqual([true, false]);
  });

  it('does report what nobody acknowledged, so the two checks above are real', () => {
    // Arrange
    const app = fastApp();
    new Queue(new Stack(app, 'Careless'), 'Plain', { encryption: QueueEncryption.UNENCRYPTED });

    // Act / Assert
    expect(unacknowledgedFindings(app)).toMatch(/AwsSolutions-SQS3/);
  });

  it('gives every acknowledgement its reason in one sentence', () => {
    // Arrange
    const { app, stack } = stackApp({ waf: { enabled: false }, kmsKeyArn: KEY_ARN });
    app.synth(); // Some are decided when the app synthesizes (SMG4).
    const acknowledgements = stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));

    // Assert
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(reason, id).toMatch(/^[A-Z`a-z].{20,}\.$/);
      expect(reason.slice(0, -1), id).not.toMatch(/[.!?]\s/);
    }
  });
});
