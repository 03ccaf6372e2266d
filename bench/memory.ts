/**
 * M5, memory: RSS right after importing each built bundle (fresh processes, as in M2), and heap growth over
 * many events through the M3b path (bench/heap.ts, in a child started with `--expose-gc`). No growth means:
 * heap after GC grows by less than HEAP_TOLERANCE_MB.
 */
import { buildBundles } from './bundles';
import { sampleImports } from './cold-import';
import { runInChild } from './isolate';
import { compared, type MeasureResult } from './report';
import { median } from './stats';

export const HEAP_TOLERANCE_MB = 5;
export async function measureMemory(options: {
  readonly samples: number;
  readonly events: number;
}): Promise<MeasureResult> {
  const bundles = await buildBundles();
  const imports = await sampleImports(
    { receiver: bundles.receiver.file, 'bare-sdk': bundles['bare-sdk'].file, empty: bundles.empty.file },
    options.samples,
  );
  const rss = (name: keyof typeof imports) => median(imports[name].map((sample) => sample.rssMb));
  const heap = await runInChild('heap', { events: options.events }, ['--expose-gc']);
  const first = heap.checkpoints[0];
  const last = heap.checkpoints[heap.checkpoints.length - 1];
  if (!first || !last || heap.failures > 0) throw new Error(`M5: ${heap.failures} deliveries failed`);
  const growth = last.heapUsedMb - first.heapUsedMb;
  return {
    rows: [
      compared(
        {
          id: 'M5',
          metric: 'RSS after import',
          ours: { value: rss('receiver'), unit: 'MB' },
          against: { label: 'bare SDK', value: { value: rss('bare-sdk'), unit: 'MB' } },
          target: '≤ 1.10×',
          note: `M5: RSS p50 of ${options.samples} fresh imports; empty bundle ${rss('empty').toFixed(1)} MB`,
        },
        (ratio) => ratio <= 1.1,
      ),
      {
        id: 'M5',
        metric: `heap growth over ${options.events.toLocaleString('en-US')} events, after GC`,
        ours: { value: growth, unit: 'MB' },
        against: { label: 'heap at start', value: { value: first.heapUsedMb, unit: 'MB' } },
        target: `< ${HEAP_TOLERANCE_MB} MB`,
        status: growth < HEAP_TOLERANCE_MB ? 'pass' : 'miss',
        note: `M5: heap after GC at ${heap.checkpoints
          .map((checkpoint) => `${checkpoint.events}: ${checkpoint.heapUsedMb.toFixed(1)} MB`)
          .join(', ')}; RSS ${first.rssMb.toFixed(0)} → ${last.rssMb.toFixed(0)} MB`,
      },
    ],
    details: {
      rssAfterImportMb: { receiver: rss('receiver'), 'bare-sdk': rss('bare-sdk'), empty: rss('empty') },
      heap,
    },
  };
}
