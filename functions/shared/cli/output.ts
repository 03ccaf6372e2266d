/**
 * What every command-line tool prints: the two lines of a usage error (what is wrong, where the help is; exit
 * code 2), tables with aligned columns, and `--json` output. Help texts are written out in full by each tool
 * (a `USAGE` string) and printed as they are. See docs/development.md, "Command-line tools".
 */
import type { UsageError } from './args';

/** A tool as a user types it, and the line that points at its help. */
export interface CliTool {
  /** `argyle-subscriptions`, `npm run dev`: what starts each message. */
  readonly name: string;
  /** The second line of a usage error. */
  readonly helpPointer: string;
}

/** A local tool run as an npm script: `npm run <script>`, whose help is `npm run <script> -- --help`. */
export function npmScript(script: string): CliTool {
  const name = `npm run ${script}`;
  return { name, helpPointer: `See ${name} -- --help.` };
}

/** Exit code for wrong usage. */
export const USAGE_EXIT_CODE = 2;

/**
 * The two lines a tool prints for wrong usage: what is wrong, and where the help is. The whole help would push
 * the one line that matters off the screen.
 */
export function usageErrorText(tool: CliTool, error: UsageError | string): string {
  return `${tool.name}: ${typeof error === 'string' ? error : error.message}\n${tool.helpPointer}`;
}

/** Rows under a header, columns aligned by padding (the last column is not padded), one line each. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** `--json` output: the value as indented JSON, with a final newline. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
