import { describe, expect, it } from 'vitest';
import { SIGNING_SECRET_SETTLE_MS } from '#functions/shared/contract';
import { credentialsOf } from '../support/fake-argyle-api-fixture';
import { api, npx, run, SECRET, secrets, sleeps, useCli } from './cli-fixtures';

useCli();

describe('argyle-subscriptions CLI', () => {
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
