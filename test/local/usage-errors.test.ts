/**
 * Wrong usage of the local tools and the benchmarks: one line saying what is wrong and where the help is, exit
 * code 2, no help text pushing it off the screen and no stack trace; and `npm run --silent bench -- --json`
 * prints one JSON document alone.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function run(command: string, args: readonly string[]) {
  return spawnSync(command, [...args], { cwd: ROOT, encoding: 'utf8', env: process.env });
}

describe('usage errors', () => {
  it.each([
    [
      'simulate',
      'bin/simulate.ts',
      ['accounts.connected', '--concurency', '2'],
      'unknown option --concurency (did you mean --concurrency?)',
    ],
    ['tail', 'bin/tail.ts', ['all-events', '--folow'], 'unknown option --folow (did you mean --follow?)'],
    ['dev', 'bin/dev.ts', ['--verbos'], 'unknown option --verbos (did you mean --verbose?)'],
    ['bench', 'bench/run.ts', ['--bogus'], "Unknown option '--bogus'"],
  ])('npm run %s prints the error and a pointer to --help, and exits 2', (name, entry, args, message) => {
    const result = run(TSX, [entry, ...args]);

    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringContaining(`npm run ${name}: ${message}`),
      `See npm run ${name} -- --help.`,
    ]);
  });

  it('npm run bench names the measures for an unknown one', () => {
    const result = run(TSX, ['bench/run.ts', '--only', 'M9']);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown measure M9; the measures are M1, M2');
  });
});

describe('npm run --silent bench -- --json', () => {
  it('prints one JSON document on stdout and nothing else', () => {
    const result = run('npm', ['run', '--silent', 'bench', '--', '--json', '--quick', '--only', 'M1']);

    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ measures: ['M1'] });
  });
});
