/**
 * The bare SDK reference: the two clients the receiver uses, created at module scope, with one send each so
 * that neither is tree-shaken. No verification, parsing, routing, logging or metrics.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});
const secrets = new SecretsManagerClient({});

export const handler = async (event: { readonly body?: string }) => {
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ID ?? '' }));
  await sqs.send(
    new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL ?? '', MessageBody: event.body ?? secret.ARN }),
  );
  return { statusCode: 200, body: '' };
};
