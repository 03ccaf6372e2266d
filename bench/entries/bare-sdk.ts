/**
 * The bare SDK reference: the two clients the receiver uses, created at module scope, with one send each so
 * that neither is tree-shaken. No verification, parsing, routing, logging or metrics. In M2b it stores the
 * message the receiver would store, body and attributes, handed to it ready-made, so that both send the same
 * request.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type MessageAttributeValue, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});
const secrets = new SecretsManagerClient({});

export const handler = async (event: {
  readonly body?: string;
  readonly attributes?: Record<string, MessageAttributeValue>;
}) => {
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ID ?? '' }));
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: process.env.QUEUE_URL ?? '',
      MessageBody: event.body ?? secret.ARN,
      MessageAttributes: event.attributes,
    }),
  );
  return { statusCode: 200, body: '' };
};
