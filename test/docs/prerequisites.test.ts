/**
 * What the docs promise about the platform against what the project does: the Node.js version the README asks
 * for is package.json's `engines`, still supported, and what CI installs; the HTTP answers table says what API
 * Gateway answers.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** The oldest Node.js major version still supported upstream (Node.js 20 ended in April 2026). */
const OLDEST_SUPPORTED_NODE_MAJOR = 22;

const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
const minimum = /^>=(\d+(?:\.\d+)*)$/.exec(engines)?.[1] ?? '';

describe('the Node.js prerequisite', () => {
  it('is a supported Node.js version', () => {
    expect(Number(minimum.split('.')[0])).toBeGreaterThanOrEqual(OLDEST_SUPPORTED_NODE_MAJOR);
  });

  it('is the one the README and the construct library docs name', () => {
    expect(read('README.md')).toContain(`Prerequisites: Node.js ${minimum} or newer`);
    expect(read('README.md')).not.toMatch(/Node\.js 20\.\d+ or newer/);
    expect(read('docs/construct-library.md')).toContain(`Node.js ${minimum} or newer`);
  });

  it('is what CI installs when the machine has an older Node.js', () => {
    const ci = read('.ci/run');
    const [major = '', minor = '0'] = minimum.split('.');

    expect(ci).toContain(`node@${major}`);
    expect(ci).toContain(`a > ${major} || (a === ${major} && b >= ${minor})`);
  });
});

describe('the HTTP answers table (docs/operations.md)', () => {
  const rows = read('docs/operations.md')
    .split('\n')
    .filter((line) => /^\|\s*\d{3}\b/.test(line));

  it('says a method other than POST gets API Gateway’s 403, as the local mode imitates', () => {
    const methodRow = rows.find((row) => row.includes('a method other than POST'));

    expect(methodRow).toMatch(/^\|\s*403\b/);
    expect(rows.some((row) => /^\|\s*405\b/.test(row))).toBe(false);
  });
});
