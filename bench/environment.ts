/** What the figures were measured on: Node, V8 and OpenSSL versions, CPU model and the packages involved. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { PROJECT_ROOT } from './paths';

const PACKAGES = [
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-secrets-manager',
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/metrics',
  'zod',
  'esbuild',
  '@octokit/webhooks-methods',
  'standardwebhooks',
  'local-aws-sqs',
  'aws-cdk-lib',
  'tsx',
] as const;

function packageVersion(name: string): string {
  try {
    const json = readFileSync(`${PROJECT_ROOT}/node_modules/${name}/package.json`, 'utf8');
    return (JSON.parse(json) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

function gitRevision(): string | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    return `${head.trim()}${dirty.trim() === '' ? '' : ' (with uncommitted changes)'}`;
  } catch {
    return undefined;
  }
}

export function environment() {
  const cpuList = cpus();
  return {
    node: process.versions.node,
    v8: process.versions.v8,
    openssl: process.versions.openssl,
    platform: `${platform()} ${release()} ${process.arch}`,
    cpu: { model: cpuList[0]?.model.trim() ?? 'unknown', cores: cpuList.length },
    memoryMb: Math.round(totalmem() / 2 ** 20),
    /** 1-minute load average when the run started: above the core count, other work shared the CPUs. */
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    git: gitRevision(),
    packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)])),
  };
}

export type Environment = ReturnType<typeof environment>;
