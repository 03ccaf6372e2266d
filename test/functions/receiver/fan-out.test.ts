import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { sendToQueues } from '#functions/receiver/fan-out';

const input = (queue: string) => ({
  QueueUrl: `https://sqs.us-east-1.amazonaws.com/123456789012/${queue}`,
  MessageBody: '{}',
});

/** A client whose send answers by queue name: `ok`, a rejected promise, or a throw before any promise. */
function client(behaviour: Record<string, 'ok' | 'reject' | 'throw'>): Pick<SQSClient, 'send'> {
  return {
    send: ((command: { input: { QueueUrl: string } }) => {
      const queue = command.input.QueueUrl.slice(command.input.QueueUrl.lastIndexOf('/') + 1);
      if (behaviour[queue] === 'throw') throw new Error(`${queue} refused at once`);
      return behaviour[queue] === 'reject'
        ? Promise.reject(new Error(`${queue} refused`))
        : Promise.resolve({ MessageId: queue });
    }) as unknown as SQSClient['send'],
  };
}

describe('sendToQueues', () => {
  it('reports nothing when the one queue takes the message', async () => {
    await expect(sendToQueues(client({ a: 'ok' }), [input('a')])).resolves.toEqual([]);
  });

  it.each(['reject', 'throw'] as const)('reports the one queue when its send does %s', async (behaviour) => {
    const failures = await sendToQueues(client({ a: behaviour }), [input('a')]);

    expect(failures.map((failure) => failure.queueUrl)).toEqual([input('a').QueueUrl]);
  });

  it('reports exactly the queues that did not take the message, whichever way they failed', async () => {
    const failures = await sendToQueues(client({ a: 'ok', b: 'reject', c: 'throw' }), [
      input('a'),
      input('b'),
      input('c'),
    ]);

    expect(failures.map((failure) => failure.queueUrl)).toEqual([input('b').QueueUrl, input('c').QueueUrl]);
  });
});
