/**
 * Sandbox and production side by side (lib/environments.ts), and what the app makes of its context
 * (lib/app-configuration.ts): `-c` merged over cdk.json and never changing which environment a stack serves,
 * and a warning for a misspelled context key.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { readAppConfiguration } from '../../lib/app-configuration';
import { ArgyleWebhookStack, ENVIRONMENT_TAG } from '../../lib/argyle-webhook-stack';
import { ArgyleWebhooksConfigError } from '../../lib/config';
import { parseEnvironments } from '../../lib/environments';
import { cdkJsonContext, fastApp } from '../support/cdk-app';

const ROOT = path.resolve(import.meta.dirname, '../..');

const TWO_ENVIRONMENTS = {
  routes: [{ name: 'accounts', events: ['accounts.*'] }],
  environments: {
    sandbox: {},
    production: { alarms: { email: 'payroll-oncall@example.com' } },
  },
};

function problemsOf(action: () => unknown): readonly string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ArgyleWebhooksConfigError) return error.problems;
    throw error;
  }
  throw new Error('accepted');
}

describe('environments', () => {
  it('makes one configuration per environment, each over the shared settings, with its own stack name', () => {
    const [sandbox, production] = parseEnvironments(TWO_ENVIRONMENTS);

    expect(sandbox).toMatchObject({ environment: 'sandbox', stackName: 'ArgyleWebhooks' });
    expect(sandbox?.alarms.email).toBeUndefined();
    expect(production).toMatchObject({
      environment: 'production',
      stackName: 'ArgyleWebhooksProduction',
      alarms: { email: 'payroll-oncall@example.com' },
    });
    expect(production?.routes.map((route) => route.name)).toEqual(['accounts']);
  });

  it('synthesizes two stacks from one app, each with its own credentials secret, tag and outputs', () => {
    const app = fastApp();
    const stacks = parseEnvironments(TWO_ENVIRONMENTS).map(
      (config) => new ArgyleWebhookStack(app, config.stackName, { config }),
    );
    const templates = stacks.map((stack) => Template.fromStack(stack));
    const [sandbox, production] = templates.map((template) => JSON.stringify(template.toJSON()));

    expect(sandbox).toContain('argyle-webhooks/sandbox/api-credentials');
    expect(production).toContain('argyle-webhooks/production/api-credentials');
    expect(production).not.toContain('argyle-webhooks/sandbox/api-credentials');
    expect(production).toContain(`"Key":"${ENVIRONMENT_TAG}","Value":"production"`);
    for (const template of templates)
      expect(Object.keys(template.findOutputs('WebhookUrl'))).toEqual(['WebhookUrl']);
  });

  it('keeps the stack name ArgyleWebhooks without environments, so a deployed stack is never renamed', () => {
    expect(parseEnvironments({ environment: 'production' }).map((c) => c.stackName)).toEqual([
      'ArgyleWebhooks',
    ]);
    expect(parseEnvironments(undefined).map((c) => c.stackName)).toEqual(['ArgyleWebhooks']);
  });

  it('takes a stack name per environment, e.g. for a production stack deployed earlier as ArgyleWebhooks', () => {
    const configs = parseEnvironments({
      environments: {
        production: { stackName: 'ArgyleWebhooks' },
        sandbox: { stackName: 'ArgyleWebhooksSandbox' },
      },
    });

    expect(configs.map((c) => [c.environment, c.stackName])).toEqual([
      ['sandbox', 'ArgyleWebhooksSandbox'],
      ['production', 'ArgyleWebhooks'],
    ]);
  });

  it('reports a field an environment sets inside that environment, and a shared one where it is', () => {
    expect(
      problemsOf(() =>
        parseEnvironments({
          maxBodyBytes: 10,
          environments: { sandbox: {}, production: { alarms: { emial: 'x@example.com' } } },
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^argyleWebhooks\.maxBodyBytes: 10 is not a body size/),
      expect.stringMatching(
        /^argyleWebhooks\.environments\.production\.alarms\.emial: unknown key \(did you mean "email"\?\)/,
      ),
    ]);
  });

  it('refuses environment and stackName beside environments, an unknown environment and a shared stack name', () => {
    expect(
      problemsOf(() =>
        parseEnvironments({
          environment: 'production',
          environments: {
            sandbox: { stackName: 'Hooks' },
            prodution: {},
            production: { stackName: 'Hooks' },
          },
        }),
      ),
    ).toEqual([
      'argyleWebhooks.environment: "production" is set beside "environments", where each environment is named by its key; leave it out',
      'argyleWebhooks.environments.prodution: unknown environment (did you mean "production"?); the environments are sandbox, production',
      'argyleWebhooks.environments.production.stackName: "Hooks" is also the stack of sandbox; give every environment its own stack name',
    ]);
  });
});

describe('the app context', () => {
  const cdkJsonBlock = { environment: 'sandbox', routes: [{ name: 'all-events', events: ['*'] }] };

  it('merges -c argyleWebhooks over cdk.json’s block, keeping its routes, and says so', () => {
    const { configs, notes } = readAppConfiguration({
      value: '{"alarms":{"email":"payroll-oncall@example.com"}}',
      cdkJsonBlock,
      keys: ['argyleWebhooks'],
    });

    expect(configs.map((c) => [c.stackName, c.routes.length, c.alarms.email])).toEqual([
      ['ArgyleWebhooks', 1, 'payroll-oncall@example.com'],
    ]);
    expect(notes).toEqual([
      "argyleWebhooks: -c argyleWebhooks (alarms) merged over cdk.json's block: objects key by key, lists replaced",
    ]);
  });

  it('refuses a -c that would turn the sandbox stack into a production one, saying what to do instead', () => {
    const problems = problemsOf(() =>
      readAppConfiguration({ value: '{"environment":"production"}', cdkJsonBlock, keys: ['argyleWebhooks'] }),
    );

    expect(problems).toEqual([
      expect.stringContaining('argyleWebhooks.environment (-c): not settable on the command line'),
    ]);
    expect(problems[0]).toContain('"environments": {"sandbox": {}, "production": {}}');
    expect(problems[0]).toContain('deploy ArgyleWebhooksProduction');
  });

  it('warns about a context key that looks like a misspelling of argyleWebhooks', () => {
    const { warnings } = readAppConfiguration({
      value: undefined,
      cdkJsonBlock: undefined,
      keys: ['argyleWebhook', '@aws-cdk/core:checkSecretUsage'],
    });

    expect(warnings).toEqual([
      'context key "argyleWebhook" is read by nothing (did you mean "argyleWebhooks"?), so every setting takes its default; rename it to "argyleWebhooks"',
    ]);
  });

  it('synthesizes a stack per environment from bin/app.ts, and warns there about a misspelled key', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'argyle-webhooks-'));
    const context = { ...cdkJsonContext(), argyleWebhooks: TWO_ENVIRONMENTS, 'argyle-webhooks': {} };

    const result = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['bin/app.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
    });
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string }>;
    };
    const stacks = Object.entries(manifest.artifacts).filter(
      ([, a]) => a.type === 'aws:cloudformation:stack',
    );

    expect(result.status, result.stderr).toBe(0);
    expect(stacks.map(([name]) => name)).toEqual(['ArgyleWebhooks', 'ArgyleWebhooksProduction']);
    const written = readdirSync(outdir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => readFileSync(path.join(outdir, file), 'utf8'))
      .join('\n');
    expect(written).toContain('context key \\"argyle-webhooks\\" is read by nothing');
  });
});
