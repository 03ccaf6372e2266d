/**
 * What every measure returns (rows of figure, reference, ratio and target) and how the rows are printed as a
 * table. Timing never fails the run: a missed target is only marked.
 */

export type Unit = 'B' | 'ms' | 'µs' | 'ev/s' | 'req/s' | 'MB' | 'count';

export interface Quantity {
  readonly value: number;
  readonly unit: Unit;
}

export type Status = 'pass' | 'miss' | 'info' | 'not measured';

export interface Row {
  readonly id: string;
  readonly metric: string;
  readonly ours?: Quantity;
  /** The floor or peer compared with. */
  readonly against?: { readonly label: string; readonly value: Quantity };
  /** ours ÷ against (for events/s and req/s, ours ÷ against as well: higher is better there). */
  readonly ratio?: number;
  readonly target: string;
  readonly status: Status;
  readonly note?: string;
}

export interface MeasureResult {
  readonly rows: readonly Row[];
  /** Everything else worth keeping in the JSON document (all samples summarized). */
  readonly details: Record<string, unknown>;
}

/** Ratio row helper: `status` from `pass(ratio)`; a NaN ratio is a miss. */
export function compared(
  row: Omit<Row, 'ratio' | 'status'> & {
    readonly ours: Quantity;
    readonly against: NonNullable<Row['against']>;
  },
  pass: (ratio: number) => boolean,
): Row {
  const ratio = row.ours.value / row.against.value.value;
  return { ...row, ratio, status: Number.isFinite(ratio) && pass(ratio) ? 'pass' : 'miss' };
}

const grouped = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatQuantity(quantity: Quantity | undefined): string {
  if (quantity === undefined) return '';
  const { value, unit } = quantity;
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'B':
      return value >= 10_000 ? `${grouped(value / 1024, 1)} KiB` : `${grouped(value)} B`;
    case 'ms':
      return `${grouped(value, value < 10 ? 2 : 1)} ms`;
    case 'µs':
      return `${grouped(value, value < 100 ? 2 : 0)} µs`;
    case 'ev/s':
      return `${grouped(value)} ev/s`;
    case 'req/s':
      return `${grouped(value)} req/s`;
    case 'MB':
      return `${grouped(value, 1)} MB`;
    case 'count':
      return grouped(value);
  }
}

const formatRatio = (ratio: number | undefined) =>
  ratio === undefined ? '' : Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';

const MARK: Record<Status, string> = { pass: 'pass', miss: 'MISS', info: '—', 'not measured': '—' };

/** A plain-text table, one line per row, columns padded; notes follow under the table. */
export function renderTable(rows: readonly Row[]): string {
  const header = ['#', 'metric', 'ours', 'compared with', 'ratio', 'target', 'result'];
  const notes: string[] = [];
  const cells = rows.map((row) => {
    let metric = row.metric;
    if (row.note) {
      notes.push(row.note);
      metric += ` [${notes.length}]`;
    }
    const against = row.against ? `${row.against.label} ${formatQuantity(row.against.value)}` : '';
    return [
      row.id,
      metric,
      formatQuantity(row.ours),
      against,
      formatRatio(row.ratio),
      row.target,
      MARK[row.status],
    ];
  });
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((line) => line[i]?.length ?? 0)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [
    line(header),
    rule,
    ...cells.map(line),
    ...(notes.length > 0 ? ['', ...notes.map((note, i) => `[${i + 1}] ${note}`)] : []),
  ].join('\n');
}
