/**
 * Where the archive commands find a stack's bucket, queues and routing: its CloudFormation outputs, read live
 * (`--stack <name>`, DescribeStacks) or from a file (`--outputs <file>`: what `cdk deploy --outputs-file`
 * writes, or what `npm run dev` keeps for its local stack).
 */
import { readFileSync } from 'node:fs';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { PublishedRouting } from '../../shared/contract';
import { SubscriptionError } from '../errors';
import type { AwsClients } from './aws';
import { UsageError, type Values } from './options';

export type StackOutputs = Readonly<Record<string, string>>;

export async function stackOutputs(values: Values, aws: AwsClients, command: string): Promise<StackOutputs> {
  if (values.outputs !== undefined && values.stack !== undefined) {
    throw new UsageError(`${command}: give --stack or --outputs, not both`);
  }
  if (values.outputs !== undefined) return outputsFile(values.outputs);
  if (values.stack === undefined) {
    throw new UsageError(
      `${command} needs the stack: --stack <stack name> (its outputs are read with your AWS credentials) or --outputs <file> (cdk deploy --outputs-file, or the one npm run dev keeps)`,
    );
  }
  const { Stacks = [] } = await aws.cloudformation.send(
    new DescribeStacksCommand({ StackName: values.stack }),
  );
  const outputs: Record<string, string> = {};
  for (const output of Stacks[0]?.Outputs ?? []) {
    if (output.OutputKey && output.OutputValue !== undefined) outputs[output.OutputKey] = output.OutputValue;
  }
  return outputs;
}

function outputsFile(file: string): StackOutputs {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not JSON' : 'cannot be read';
    throw new UsageError(`--outputs ${file} ${reason}`);
  }
  const isStrings = (value: unknown): value is Record<string, string> =>
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((entry) => typeof entry === 'string');
  if (isStrings(json)) return json;
  if (typeof json === 'object' && json !== null) {
    const stacks = Object.entries(json);
    const [only] = stacks;
    if (stacks.length === 1 && only !== undefined && isStrings(only[1])) return only[1];
    if (stacks.length > 1) {
      throw new UsageError(
        `--outputs ${file} holds several stacks (${stacks.map(([name]) => name).join(', ')}); give a file with one stack's outputs`,
      );
    }
  }
  throw new UsageError(`--outputs ${file} is not a stack's outputs ({"OutputKey": "value", ...})`);
}

/** One output, or an error saying what it is and how the stack gets it. */
export function requiredOutput(outputs: StackOutputs, key: string, hint: string): string {
  const value = outputs[key];
  if (value === undefined || value === '')
    throw new SubscriptionError(`the stack has no output ${key}: ${hint}`);
  return value;
}

const NO_ARCHIVE = 'deploy with "archive": {"enabled": true} in cdk.json (docs/archive.md)';

export function archiveBucket(outputs: StackOutputs, values: Values): string {
  return values.bucket ?? requiredOutput(outputs, 'ArchiveBucketName', NO_ARCHIVE);
}

export function publishedRouting(outputs: StackOutputs): PublishedRouting {
  const text = requiredOutput(outputs, 'ReceiverRouting', NO_ARCHIVE);
  const routing = JSON.parse(text) as PublishedRouting;
  if (!Array.isArray(routing.queues) || typeof routing.queueUrlPrefix !== 'string') {
    throw new SubscriptionError('the stack output ReceiverRouting is not a routing table');
  }
  return routing;
}

/** `all-events` → `AllEvents`, as the stack names a route's outputs. */
export function outputPrefix(route: string): string {
  return route
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A route's queue and dead-letter queue URLs (`catch-all` for the catch-all; `archive` for the archive's). */
export function routeQueues(
  outputs: StackOutputs,
  route: string,
): { queueUrl: string; deadLetterQueueUrl?: string } {
  if (route === 'archive' && outputs.ArchiveQueue !== undefined) {
    return { queueUrl: outputs.ArchiveQueue, deadLetterQueueUrl: outputs.ArchiveDeadLetterQueue };
  }
  const prefix = outputPrefix(route);
  const queueUrl = outputs[`${prefix}QueueUrl`];
  if (queueUrl === undefined) {
    const routes = Object.keys(outputs)
      .filter((key) => key.endsWith('QueueUrl') && !key.endsWith('DeadLetterQueueUrl'))
      .map((key) => key.slice(0, -'QueueUrl'.length));
    throw new UsageError(
      `the stack has no route "${route}" (no output ${prefix}QueueUrl); its routes' outputs are ${routes.join(', ') || 'none'}`,
    );
  }
  return { queueUrl, deadLetterQueueUrl: outputs[`${prefix}DeadLetterQueueUrl`] };
}
