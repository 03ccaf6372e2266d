import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SIGNING_SECRET_SETTLE_MS } from '../../functions/shared/contract';
import { type CliIo, main } from '../../functions/subscription/cli/main';
import { createSecretsManagerClient } from '../../functions/subscription/secrets';
import { FakeSecretsManager } from '../../local/secrets-manager';
import { credentialsOf, useFakeArgyleApi } from '../support/fake-argyle-api-fixture';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SECRET = 'whsec-cli-3c5e7a9b1d2f4e6a8c0b';

const api = useFakeArgyleApi();
let secrets: FakeSecretsManager;

beforeAll(async () => {
  secrets = await FakeSecretsManager.start();
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await secrets.close();
});

/** Runs `npx --no-install <args>` in the project root. */
function npx(args: readonly string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'npx',
      ['--no-install', ...args],
      { cwd: ROOT, env, encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({
          status: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** Waits the CLI asked for (ms); it never really waits in a test. */
const sleeps: number[] = [];

/** Runs the CLI in-process against the fake API, with its key in the environment unless `env` says otherwise. */
async function run(argv: readonly string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {
      ARGYLE_API_KEY_ID: api.apiKeyId,
      ARGYLE_API_KEY_SECRET: api.apiKeySecret,
      ARGYLE_API_BASE_URL: api.url,
      ...env,
    },
    secrets: createSecretsManagerClient,
    client: { timeoutMs: 500, totalTimeoutMs: 1_500, retryBaseDelayMs: 5, retryMaxDelayMs: 20 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('argyle-subscriptions CLI', () => {
  describe('list', () => {
    it('prints a table of every subscription, with secrets shown only as set or none', async () => {
      // Arrange
      const [signed, unsigned] = api.seed(
        {
          name: 'accounts',
          events: ['accounts.connected'],
          config: { include_resource: true },
          secret: SECRET,
        },
        { name: 'all-events', events: ['*'], secret: null },
      );

      // Act
      const { code, stdout, stderr } = await run(['list']);

      // Assert
      expect(code).toBe(0);
      expect(stderr).toBe('');
      const lines = stdout.trimEnd().split('\n');
      // LAST_SENT is new in 0.2.0: Argyle documents last_sent_at on the subscription object.
      expect(lines[0]).toMatch(/^ID\s+NAME\s+EVENTS\s+CONFIG\s+SECRET\s+URL\s+CREATED\s+LAST_SENT$/);
      expect(lines[1]).toMatch(new RegExp(`^${unsigned?.id}\\s+all-events\\s+\\*\\s+-\\s+none\\s+https://`));
      expect(lines[2]).toMatch(
        new RegExp(
          `^${signed?.id}\\s+accounts\\s+accounts\\.connected\\s+\\{"include_resource":true\\}\\s+set\\s+`,
        ),
      );
      expect(lines[3]).toBe('2 subscriptions');
      expect(stdout).not.toContain(SECRET);
    });

    it('prints JSON with secrets redacted for --json, following every page', async () => {
      // Arrange
      api.seed(...Array.from({ length: 205 }, (_, i) => ({ name: `s-${i}`, secret: SECRET })));

      // Act
      const { code, stdout } = await run(['list', '--json']);

      // Assert
      expect(code).toBe(0);
      const listed = JSON.parse(stdout) as { secret: string }[];
      expect(listed).toHaveLength(205);
      expect(new Set(listed.map((s) => s.secret))).toEqual(new Set(['[redacted]']));
      expect(api.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    });

    it('says so when there are none', async () => {
      expect(await run(['list'])).toEqual({ code: 0, stdout: 'no subscriptions\n', stderr: '' });
    });

    it('shows when Argyle last sent each subscription, and never for one it has not', async () => {
      // Arrange
      const [sent, idle] = api.seed({ name: 'sent' }, { name: 'idle' });
      api.recordDelivery(sent?.id ?? '', '2026-01-26T17:58:05.460904Z');

      // Act
      const { code, stdout } = await run(['list']);

      // Assert
      expect(code).toBe(0);
      const row = (id: string | undefined) => stdout.split('\n').find((line) => line.startsWith(id ?? '?'));
      expect(row(sent?.id)).toMatch(/\s2026-01-26T17:58:05\.460904Z$/);
      expect(row(idle?.id)).toMatch(/\snever$/);
    });

    it('passes --from-created-at, --to-created-at and --ordering on to Argyle', async () => {
      // Arrange
      api.seed(
        { name: 'old', created_at: '2025-12-31T23:00:00.000000Z' },
        { name: 'b', id: 'bbbb', created_at: '2026-01-02T00:00:00.000000Z' },
        { name: 'a', id: 'aaaa', created_at: '2026-01-03T00:00:00.000000Z' },
      );

      // Act
      const { code, stdout } = await run([
        'list',
        '--json',
        '--from-created-at',
        '2026-01-01T00:00:00Z',
        '--to-created-at',
        '2026-01-31T00:00:00Z',
        '--ordering',
        'id',
      ]);

      // Assert
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as { name: string }[]).map((s) => s.name)).toEqual(['a', 'b']);
      const [request] = api.requests;
      expect(request?.query.get('from_created_at')).toBe('2026-01-01T00:00:00Z');
      expect(request?.query.get('to_created_at')).toBe('2026-01-31T00:00:00Z');
      expect(request?.query.get('ordering')).toBe('id');
      expect(request?.query.get('limit')).toBe('200');
    });

    it.each([
      [['--ordering', 'name'], '--ordering must be id or created_at, got "name"'],
      [['--from-created-at', 'last week'], '--from-created-at must be an ISO 8601 date-time'],
      [['--max-pages', '0'], '--max-pages must be a whole number above 0, got 0'],
      [
        ['--api-version', 'v1', '--to-created-at', '2026-01-01T00:00:00Z'],
        '--to-created-at filters the v2 list only',
      ],
    ])('refuses list %j as wrong usage, before calling Argyle', async (options, message) => {
      const { code, stderr } = await run(['list', ...options]);

      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(api.requests).toHaveLength(0);
    });

    it('prints what it read and fails when the list goes past --max-pages', async () => {
      // Arrange: 201 subscriptions are two pages of 200
      api.seed(...Array.from({ length: 201 }, (_, i) => ({ name: `s-${i}` })));

      // Act
      const { code, stdout, stderr } = await run(['list', '--max-pages', '1']);

      // Assert
      expect(code).toBe(1);
      expect(stdout.trimEnd().split('\n').at(-1)).toBe('200 subscriptions');
      expect(stderr).toBe(
        'argyle-subscriptions: the list is incomplete: more than 1 page of 200; narrow it with --from-created-at/--to-created-at, or raise --max-pages\n',
      );
    });
  });

  describe('show', () => {
    it('prints one subscription as fields, or as redacted JSON', async () => {
      // Arrange
      const [stored] = api.seed({ name: 'accounts', secret: SECRET });

      // Act
      const text = await run(['show', stored?.id ?? '']);
      const json = await run(['show', stored?.id ?? '', '--json']);

      // Assert
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(new RegExp(`^id: +${stored?.id}\nname: +accounts\n`));
      expect(text.stdout).toMatch(/\nsecret: +set\n/);
      expect(JSON.parse(json.stdout)).toMatchObject({
        id: stored?.id,
        name: 'accounts',
        secret: '[redacted]',
      });
      expect(`${text.stdout}${json.stdout}`).not.toContain(SECRET);
    });

    it('fails clearly for an unknown id', async () => {
      const { code, stdout, stderr } = await run(['show', '00000000-0000-0000-0000-000000000000']);

      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        'argyle-subscriptions: Argyle API GET /v2/webhooks/00000000-0000-0000-0000-000000000000 returned 404 Not Found: Not found.\nNo subscription has this id here; "list" shows what exists.\n',
      );
    });
  });

  describe('create', () => {
    it('creates a subscription signed with a secret read from Secrets Manager, printing it redacted', async () => {
      // Arrange
      const secretArn = secrets.put('cli-signing-secret', SECRET);

      // Act
      const { code, stdout } = await run([
        'create',
        '--name',
        'accounts',
        '--events',
        'accounts.connected, accounts.updated',
        '--config',
        '{"include_resource":true}',
        '--url',
        'https://hooks.example.com/argyle',
        '--signing-secret',
        secretArn,
      ]);

      // Assert
      expect(code).toBe(0);
      expect(api.subscriptions).toEqual([
        expect.objectContaining({
          name: 'accounts',
          events: ['accounts.connected', 'accounts.updated'],
          config: { include_resource: true },
          url: 'https://hooks.example.com/argyle',
          secret: SECRET,
        }),
      ]);
      expect(stdout).toMatch(new RegExp(`^created\nid: +${api.subscriptions[0]?.id}\n`));
      expect(stdout).not.toContain(SECRET);
      expect(sleeps.at(-1)).toBe(SIGNING_SECRET_SETTLE_MS);
    });

    it("refuses a subscription that breaks Argyle's rules before calling Argyle", async () => {
      const { code, stderr } = await run([
        'create',
        '--name',
        'all',
        '--events',
        '*',
        '--config',
        '{"include_resource":true}',
        '--url',
        'https://hooks.example.com/argyle',
        '--signing-secret',
        'any',
      ]);

      expect(code).toBe(2);
      expect(stderr).toMatch(/^argyle-subscriptions: config cannot be used with events \['\*'\]/);
      expect(api.requests).toEqual([]);
    });

    it('names a missing option', async () => {
      const { code, stderr } = await run(['create', '--name', 'x', '--events', '*']);

      expect(code).toBe(2);
      expect(stderr).toBe(
        `argyle-subscriptions: create needs --url: e.g. --url <the stack's WebhookUrl output>\nRun "argyle-subscriptions --help" for usage.\n`,
      );
    });
  });

  describe('delete', () => {
    it('deletes a subscription, and prints JSON for --json', async () => {
      // Arrange
      const [first, second] = api.seed({ name: 'a' }, { name: 'b' });

      // Act
      const text = await run(['delete', first?.id ?? '']);
      const json = await run(['delete', second?.id ?? '', '--json']);

      // Assert
      expect(text).toEqual({ code: 0, stdout: `deleted ${first?.id}\n`, stderr: '' });
      expect(JSON.parse(json.stdout)).toEqual({ id: second?.id, deleted: true });
      expect(api.subscriptions).toEqual([]);
    });

    it('fails clearly for an unknown id', async () => {
      const { code, stderr } = await run(['delete', '00000000-0000-0000-0000-000000000000']);

      expect(code).toBe(1);
      expect(stderr).toBe(
        `argyle-subscriptions: no subscription with id 00000000-0000-0000-0000-000000000000 in the sandbox environment (${api.url}); it may have been deleted already, "list" shows what exists\n`,
      );
    });
  });

  describe('credentials', () => {
    it('explains a 401: which key was used, and the environment to check', async () => {
      const { code, stderr } = await run(['list'], { ARGYLE_API_KEY_SECRET: 'not-the-secret' });

      expect(code).toBe(1);
      expect(stderr).toBe(
        `argyle-subscriptions: Argyle API GET /v2/webhooks?limit=200 returned 401 Unauthorized: the API key id or secret is wrong, or belongs to the other environment (this client calls ${api.url}, configured for the sandbox environment). Argyle says: Invalid username/password.\nCheck ARGYLE_API_KEY_ID and ARGYLE_API_KEY_SECRET, and that --environment (sandbox) is the environment of the key.\n`,
      );
      expect(stderr).not.toContain('not-the-secret');
    });

    it('reads the key from a Secrets Manager secret with --credentials-secret', async () => {
      // Arrange
      secrets.put('argyle-webhooks/production/api-credentials', credentialsOf(api));

      // Act
      const { code } = await run(
        [
          'list',
          '--environment',
          'production',
          '--credentials-secret',
          'argyle-webhooks/production/api-credentials',
        ],
        { ARGYLE_API_KEY_ID: undefined, ARGYLE_API_KEY_SECRET: undefined },
      );

      // Assert
      expect(code).toBe(0);
      expect(api.requests.every((r) => r.authorized)).toBe(true);
    });

    it('says where the key can come from when there is none', async () => {
      const { code, stderr } = await run(['list'], {
        ARGYLE_API_KEY_ID: undefined,
        ARGYLE_API_KEY_SECRET: undefined,
      });

      expect(code).toBe(2);
      expect(stderr).toMatch(
        /^argyle-subscriptions: no Argyle API key: set ARGYLE_API_KEY_ID and ARGYLE_API_KEY_SECRET \(your sandbox API key\), or pass --credentials-secret <name>/,
      );
    });
  });

  describe('usage', () => {
    it('prints help for --help and exits 0', async () => {
      const { code, stdout } = await run(['--help']);

      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: argyle-subscriptions <command> \[options\]/);
    });

    it('fails with exit code 2 for an unknown option, command or environment', async () => {
      expect((await run(['list', '--verbose'])).code).toBe(2);
      expect((await run(['purge'])).stderr).toMatch(
        /unknown command "purge"; use list, show, create or delete/,
      );
      expect((await run(['list', '--environment', 'staging'])).stderr).toMatch(
        /--environment must be sandbox or production, got "staging"/,
      );
    });
  });

  describe('npx argyle-subscriptions', () => {
    it('runs from the project root: --help, and list --json against the API', async () => {
      // Arrange
      api.seed({ name: 'from-npx', secret: SECRET });
      const env = {
        ...process.env,
        ARGYLE_API_KEY_ID: api.apiKeyId,
        ARGYLE_API_KEY_SECRET: api.apiKeySecret,
        ARGYLE_API_BASE_URL: api.url,
      };

      // Act: asynchronously, so the fake API in this process can answer.
      const help = await npx(['argyle-subscriptions', '--help'], env);
      const list = await npx(['argyle-subscriptions', 'list', '--json'], env);

      // Assert
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/^Usage: argyle-subscriptions/);
      expect(list.status).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual([
        expect.objectContaining({ name: 'from-npx', secret: '[redacted]' }),
      ]);
    });
  });
});
