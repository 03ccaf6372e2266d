/** Entry of a child started by bench/isolate.ts: runs the named measure and sends its result to the parent. */
import type { LoopOptions } from './handler';

/** Loaded lazily, so a child loads only what its measure needs. */
const MEASURES = {
  verify: async (options: LoopOptions) => (await import('./verify')).measureVerify(options),
  handler: async (options: LoopOptions) => (await import('./handler')).measureHandler(options),
  'local-sqs': async (options: LoopOptions) => (await import('./local-sqs')).measureLocalSqs(options),
  archive: async (options: LoopOptions) => (await import('./archive')).measureArchive(options),
  heap: async (options: { readonly events: number }) => (await import('./heap')).heapGrowth(options),
};

export type ChildMeasures = typeof MEASURES;

const send = (message: unknown) =>
  new Promise<void>((resolve) => {
    process.send?.(message, () => resolve());
  });

const [name = '', options = '{}'] = process.argv.slice(2);
if (process.send) {
  try {
    if (!(name in MEASURES)) throw new Error(`unknown measure ${name}`);
    const value = await MEASURES[name as keyof ChildMeasures](JSON.parse(options));
    await send({ ok: true, value });
  } catch (error) {
    await send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  // Clients keep sockets and timers alive; the result is sent, so leave now.
  process.exit(0);
}
