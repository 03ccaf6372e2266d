/**
 * `--repeat N`: the rows of N runs of the suite folded into one row each, with the median of each figure and
 * of the ratio (the ratio of each run, so each stays a ratio against a floor measured in the same run), the
 * range of the ratios in a note, and the result judged on the median ratio.
 */
import type { Row, Status } from './report';
import { median } from './stats';

/** `≤ 1.20×` or `≥ 0.85×` as a test of a ratio; undefined for any other target. */
export function ratioTarget(target: string): ((ratio: number) => boolean) | undefined {
  const match = /^([≤≥]) ?(\d+(?:\.\d+)?)×$/.exec(target.trim());
  if (!match) return undefined;
  const bound = Number(match[2]);
  return match[1] === '≤' ? (ratio) => ratio <= bound : (ratio) => ratio >= bound;
}

const medianOf = (values: readonly (number | undefined)[]) => {
  const numbers = values.filter((value): value is number => value !== undefined && Number.isFinite(value));
  return numbers.length > 0 ? median(numbers) : undefined;
};

/** One row per measure and metric, in the order of the first run. */
export function medianRows(runs: readonly (readonly Row[])[]): Row[] {
  const groups = new Map<string, Row[]>();
  for (const rows of runs) {
    for (const row of rows) {
      const key = `${row.id}\u0000${row.metric}`;
      const group = groups.get(key) ?? [];
      group.push(row);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map((group) => {
    const [first] = group as [Row, ...Row[]];
    const ratios = group.map((row) => row.ratio);
    const ratio = medianOf(ratios);
    const ours = medianOf(group.map((row) => row.ours?.value));
    const against = medianOf(group.map((row) => row.against?.value.value));
    const judge = ratioTarget(first.target);
    const worst: Status = group.some((row) => row.status === 'miss') ? 'miss' : first.status;
    const status: Status =
      judge && ratio !== undefined
        ? judge(ratio)
          ? 'pass'
          : 'miss'
        : first.status === 'info'
          ? 'info'
          : worst;
    const finite = ratios.filter((value): value is number => value !== undefined && Number.isFinite(value));
    const range =
      finite.length > 1
        ? `${first.id} ${first.metric}: ratio over ${group.length} runs ${Math.min(...finite).toFixed(2)}–${Math.max(...finite).toFixed(2)}×`
        : undefined;
    return {
      ...first,
      ours: first.ours && ours !== undefined ? { ...first.ours, value: ours } : first.ours,
      against:
        first.against && against !== undefined
          ? { ...first.against, value: { ...first.against.value, value: against } }
          : first.against,
      ratio,
      status,
      note: [range, first.note && `first run: ${first.note}`].filter(Boolean).join('; ') || undefined,
    };
  });
}
