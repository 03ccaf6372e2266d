import { describe, expect, it } from 'vitest';
import { api, run, SECRET, useCli } from './cli-fixtures';

useCli();

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
});
