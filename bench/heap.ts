/**
 * Heap over many deliveries through the M3b path (stubbed SQS, each delivery with its own request id), read
 * after forced GC at a few checkpoints. Runs in a child started with `--expose-gc` (bench/memory.ts).
 */
import { ONE_QUEUE, STUB_QUEUE_URL_PREFIX } from './fixtures';
import { signedEvent, stubbedReceiver, withOutputDiscarded } from './receiver-setup';
import { createSqsStub, stubbedSqsClient } from './sqs-stub';

const MB = 2 ** 20;

interface Checkpoint {
  readonly events: number;
  readonly heapUsedMb: number;
  readonly rssMb: number;
}

function collect(): Checkpoint & { events: 0 } {
  const gc = globalThis.gc;
  if (typeof gc !== 'function') throw new Error('M5 heap growth needs node --expose-gc');
  gc();
  gc();
  const usage = process.memoryUsage();
  return { events: 0, heapUsedMb: usage.heapUsed / MB, rssMb: usage.rss / MB };
}

/** `events` deliveries (each with its own request id) after a warm-up, GC at checkpoints. */
export async function heapGrowth(options: { readonly events: number }) {
  const stub = createSqsStub();
  const receiver = stubbedReceiver(ONE_QUEUE, STUB_QUEUE_URL_PREFIX, stubbedSqsClient(stub));
  const { event } = signedEvent(1024);
  const delivery = (i: number) => ({
    ...event,
    requestContext: { ...event.requestContext, requestId: `bench-${i}` },
  });
  return withOutputDiscarded(async () => {
    for (let i = 0; i < 2_000; i++) await receiver.handler(delivery(-i));
    const start = collect();
    const checkpoints: Checkpoint[] = [start];
    const every = Math.max(1, Math.floor(options.events / 4));
    let failures = 0;
    for (let i = 1; i <= options.events; i++) {
      if ((await receiver.handler(delivery(i))).statusCode !== 200) failures++;
      if (i % every === 0 || i === options.events) checkpoints.push({ ...collect(), events: i });
    }
    return { checkpoints, failures, sends: stub.requests() };
  });
}
