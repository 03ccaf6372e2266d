/**
 * The npm package, end to end, as a team with its own CDK app gets it: `npm pack`, install the tarball into
 * fresh apps outside the repository (packages from the registry or the npm cache), synthesize stacks that use
 * the constructs from the package root from a CommonJS and an ES module app, type-check both, and run the CLI.
 * aws-cdk-lib and constructs are installed at the lowest versions the peer ranges allow, so the range is tested.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import { fastApp } from '../support/cdk-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const APPS = path.join(import.meta.dirname, 'apps');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  peerDependencies: Record<string, string>;
};
/** `^2.251.0` → `2.251.0`: the lowest version a caret range admits. */
const lowest = (range: string) => range.replace(/^\^/, '');
const APP_CONFIG = { environment: 'sandbox', routes: [{ name: 'accounts', events: ['accounts.*'] }] };
const MAX_INSTALLED_BYTES = 15 * 1024 * 1024;

let scratch: string;
let tarball: string;

function npm(cwd: string, args: string[]): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

/** A new folder with a package.json, `type` as given, and the named files copied from ./apps. */
function newApp(name: string, type: 'commonjs' | 'module', files: string[]): string {
  const dir = path.join(scratch, name);
  cpSync(APPS, dir, { recursive: true, filter: (src) => src === APPS || files.includes(path.basename(src)) });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, type }));
  return dir;
}

function bytesUnder(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

/** Synthesizes `script` in `dir` and returns its stack's template. */
function synth(dir: string, script: string, stackName: string) {
  const outdir = path.join(dir, 'cdk.out');
  execFileSync(process.execPath, [script], {
    cwd: dir,
    env: { ...process.env, CDK_OUTDIR: outdir, APP_CONFIG: JSON.stringify(APP_CONFIG) },
  });
  const template = JSON.parse(readFileSync(path.join(outdir, `${stackName}.template.json`), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  const assets = JSON.parse(readFileSync(path.join(outdir, `${stackName}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string } }>;
  };
  return { outdir, template, assets };
}

function typeCounts(resources: Record<string, { Type: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { Type } of Object.values(resources)) counts[Type] = (counts[Type] ?? 0) + 1;
  return counts;
}

/** What "the product" is in a template: receiver and handlers, queues, secret, subscriptions, alarms. */
const PRODUCT_TYPES = [
  'AWS::ApiGateway::RestApi',
  'AWS::Lambda::Function',
  'AWS::SQS::Queue',
  'AWS::SecretsManager::Secret',
  'Custom::ArgyleWebhookSubscription',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
];

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'argyle-package-'));
  // `npm pack` runs `prepare` (the build) first, as publishing does.
  const [packed] = JSON.parse(npm(ROOT, ['pack', '--json', '--pack-destination', scratch])) as {
    filename: string;
  }[];
  tarball = path.join(scratch, packed?.filename ?? '');
}, 240_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the npm package without its peers', () => {
  let dir: string;

  beforeAll(() => {
    dir = newApp('bare', 'module', []);
    npm(dir, ['install', '--omit=peer', '--ignore-scripts', tarball]);
  }, 240_000);

  it('installs in at most 15 MB', () => {
    expect(bytesUnder(path.join(dir, 'node_modules'))).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
  });

  it('depends on zod alone', () => {
    const installed = readdirSync(path.join(dir, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(installed.sort()).toEqual(['.bin', pkg.name, 'zod'].filter((n) => n !== '.bin').sort());
  });

  it('ships the four Lambda handlers pre-built', () => {
    for (const name of ['receiver', 'subscription', 'rotation', 'example-consumer']) {
      const file = path.join(dir, 'node_modules', pkg.name, 'dist/assets', name, 'index.mjs');
      expect(statSync(file).size).toBeGreaterThan(10_000);
    }
  });

  it('runs the consumer entry with zod alone', () => {
    const output = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { parseArgyleRecord } from '${pkg.name}/consumer';
         const m = parseArgyleRecord({ body: JSON.stringify({ event: 'accounts.connected', name: 'n', data: { account: 'a', user: 'u' } }), messageAttributes: { 'argyle.delivery-id': { stringValue: 'd-1' } } });
         console.log(m.event.event);`,
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(output.trim()).toBe('accounts.connected');
  });

  it('runs npx argyle-subscriptions --help', () => {
    const help = execFileSync('npx', ['--no-install', 'argyle-subscriptions', '--help'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(help).toMatch(/argyle-subscriptions/);
    expect(help).toMatch(/list/);
  });
});

describe('the npm package in CDK apps, at the lowest aws-cdk-lib and constructs it allows', () => {
  let dir: string;
  let repository: Record<string, number>;

  beforeAll(() => {
    dir = newApp('apps', 'commonjs', ['cjs-app.cjs', 'esm-app.mjs', 'types.mts', 'types.cts']);
    const peers = Object.entries(pkg.peerDependencies).map(([name, range]) => `${name}@${lowest(range)}`);
    npm(dir, ['install', '--ignore-scripts', tarball, ...peers]);
    // The repository's own stack, from source, with the same configuration.
    const app = fastApp();
    const stack = new ArgyleWebhookStack(app, 'Repository', { config: parseConfig(APP_CONFIG) });
    const resources = app.synth().getStackByName(stack.stackName).template.Resources;
    repository = typeCounts(resources);
  }, 300_000);

  it('synthesizes the whole stack from an ES module app, with what the repository’s own stack has', () => {
    const { template, assets, outdir } = synth(dir, 'esm-app.mjs', 'EsmApp');

    const counts = typeCounts(template.Resources);
    for (const type of PRODUCT_TYPES)
      expect({ type, count: counts[type] }).toEqual({ type, count: repository[type] });
    const handlers = Object.values(assets.files)
      .map(({ source }) => path.join(outdir, source.path))
      .filter((asset) => statSync(asset).isDirectory() && readdirSync(asset).includes('index.mjs'));
    expect(handlers.length).toBeGreaterThanOrEqual(2);
    for (const handler of handlers)
      expect(statSync(path.join(handler, 'index.mjs')).size).toBeGreaterThan(10_000);
  });

  it('synthesizes constructs composed by a CommonJS app', () => {
    const { template } = synth(dir, 'cjs-app.cjs', 'CommonJsApp');

    const counts = typeCounts(template.Resources);
    for (const type of PRODUCT_TYPES)
      expect({ type, present: (counts[type] ?? 0) > 0 }).toEqual({ type, present: true });
    const receiver = Object.values(template.Resources).find(
      (resource) =>
        resource.Type === 'AWS::Lambda::Function' &&
        String(resource.Properties?.Description).startsWith('Verifies'),
    );
    expect(receiver?.Properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs24.x' });
  });

  it('type-checks in an ES module and in a CommonJS TypeScript file', () => {
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['types.mts', 'types.cts'],
      }),
    );
    const tsc = path.join(ROOT, 'node_modules/.bin/tsc');

    const run = () => execFileSync(tsc, ['-p', '.'], { cwd: dir, encoding: 'utf8' });

    expect(run).not.toThrow();
  });
});
