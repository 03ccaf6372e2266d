/** A one-line progress bar on stderr, redrawn in place; drawn only when stderr is a terminal. */
import type { CliIo } from './options';

export interface Progress {
  /** `done` of `total` (undefined when not known yet), and a short note after the bar. */
  update(done: number, total: number | undefined, note: string): void;
  /** Clears the line. */
  end(): void;
}

const WIDTH = 24;

export function progressBar(io: CliIo, label: string): Progress {
  if (!io.stderrIsTTY) return { update: () => undefined, end: () => undefined };
  let drawn = false;
  return {
    update(done, total, note) {
      const share = total === undefined || total === 0 ? 0 : Math.min(1, done / total);
      const filled = Math.round(share * WIDTH);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}]`;
      io.stderr(`\r${label} ${bar} ${done}${total === undefined ? '' : `/${total}`} ${note}\u001b[K`);
      drawn = true;
    },
    end() {
      if (drawn) io.stderr('\r\u001b[K');
    },
  };
}
