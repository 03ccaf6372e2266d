/** Where the suite reads sources and writes its builds (`.bench/` is gitignored). */
import * as path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
export const BENCH_DIR = path.join(PROJECT_ROOT, 'bench');
export const OUT_DIR = path.join(PROJECT_ROOT, '.bench');
