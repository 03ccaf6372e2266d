import { describe, expect, it } from 'vitest';
import type { RoutingTable } from '#functions/shared/contract';
import {
  burstLimitProblem,
  duplicateNameProblems,
  eventPatternProblem,
  ipOrCidrProblem,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
  maxReceiveCountProblem,
  OTHER_RECEIVER_ENVIRONMENT_BYTES,
  pascalCase,
  QUEUE_LIMITS,
  rateLimitProblem,
  receiverEnvironmentProblem,
  retentionDaysProblem,
  retentionSecondsProblem,
  routeEventsProblem,
  routeNameProblem,
  routeSubscriptionsProblem,
  show,
  sourceIpAllowListProblem,
  tagKeyProblem,
  visibilityTimeoutSecondsProblem,
} from '../../lib/validation';
import { configProblems } from '../support/config-problems';

describe('validation helpers', () => {
  describe('routeNameProblem', () => {
    it.each(['a', 'accounts', 'paystubs-v2', `a${'b'.repeat(39)}`])('accepts %s', (name) => {
      expect(routeNameProblem(name)).toBeUndefined();
    });

    it.each(['', 'Accounts', '1st', 'a_b', '-a', `a${'b'.repeat(40)}`, 'catch-all'])('rejects %j', (name) => {
      expect(routeNameProblem(name)).toMatch(/route name|reserved/);
    });
  });

  describe('eventPatternProblem', () => {
    it.each(['*', 'accounts.*', '*.fully_synced', 'accounts.connected', '*.*'])('accepts %s', (pattern) => {
      expect(eventPatternProblem(pattern)).toBeUndefined();
    });

    it.each(['', 'accounts', 'accounts.', 'Accounts.connected', 'a.b.c', 'accounts.*ed', ' *'])(
      'rejects %j',
      (pattern) => {
        expect(eventPatternProblem(pattern)).toContain('is not an event pattern');
      },
    );
  });

  describe('ipOrCidrProblem', () => {
    it.each(['34.27.251.226', '34.27.251.226/32', '0.0.0.0/0', '::1', '2001:db8::/32', '2001:db8::/128'])(
      'accepts %s',
      (value) => {
        expect(ipOrCidrProblem(value)).toBeUndefined();
      },
    );

    it.each([
      '',
      '34.27.251',
      '34.27.251.226/',
      '34.27.251.226/033',
      '34.27.251.226/33',
      '2001:db8::/129',
      'x/8',
      '1.2.3.4/-1',
    ])('rejects %j', (value) => {
      expect(ipOrCidrProblem(value)).toMatch(/is not an IP address|invalid prefix length/);
    });
  });

  describe('tagKeyProblem', () => {
    it('rejects the aws: prefix in any case', () => {
      expect(tagKeyProblem('AWS:owner')).toContain('reserves');
    });

    it('accepts the characters AWS allows', () => {
      expect(tagKeyProblem('cost center/team_1:a.b=c+d-e@f')).toBeUndefined();
    });
  });

  describe('duplicateNameProblems', () => {
    it('reports each repetition with the index of the first use', () => {
      expect(duplicateNameProblems(['a', 'b', 'a', 'a'])).toEqual([
        { index: 2, problem: '"a" is already the name of route 0; give every route its own name' },
        { index: 3, problem: '"a" is already the name of route 0; give every route its own name' },
      ]);
    });
  });

  describe('receiverEnvironmentProblem', () => {
    const table = (routes: number): RoutingTable => ({
      queues: Array.from({ length: routes + 1 }, () => 'x'.repeat(80)),
      catchAll: routes,
      rules: Array.from({ length: routes }, (_, queue) => ({ events: ['accounts.*'], queue })),
    });
    const size = (t: RoutingTable) =>
      OTHER_RECEIVER_ENVIRONMENT_BYTES + 'ARGYLE_ROUTES'.length + JSON.stringify(t).length;

    it('accepts the largest table that fits and rejects the next one', () => {
      // Arrange
      let routes = 0;
      while (size(table(routes + 1)) <= LAMBDA_ENVIRONMENT_LIMIT_BYTES) routes++;

      // Act / Assert
      expect(receiverEnvironmentProblem('ARGYLE_ROUTES', table(routes))).toBeUndefined();
      expect(receiverEnvironmentProblem('ARGYLE_ROUTES', table(routes + 1))).toContain(
        `${routes + 1} routes need up to ${size(table(routes + 1))} bytes`,
      );
      expect(receiverEnvironmentProblem('ARGYLE_ROUTES', table(routes + 1))).toContain(
        `about ${routes} routes`,
      );
    });
  });

  describe('pascalCase', () => {
    it('turns route names into output prefixes', () => {
      expect(pascalCase('all-events')).toBe('AllEvents');
      expect(pascalCase('catch-all')).toBe('CatchAll');
      expect(pascalCase('v2')).toBe('V2');
    });
  });

  describe('show', () => {
    it('renders values as JSON and cuts long ones', () => {
      expect(show('a')).toBe('"a"');
      expect(show(undefined)).toBe('nothing');
      expect(show('x'.repeat(100))).toHaveLength(80);
    });
  });
});

/**
 * The checks that the construct's props and cdk.json make alike. The construct calls these functions; until
 * lib/config.ts calls them too, these cases hold its words to theirs, so the switch changes no message.
 */
describe('checks shared by the construct props and cdk.json', () => {
  const firstProblem = (raw: unknown) => configProblems(raw)[0];
  const route = (extra: Record<string, unknown>) => ({ routes: [{ name: 'a', events: ['*'], ...extra }] });

  it.each([
    ['maxReceiveCount', 0, maxReceiveCountProblem],
    ['maxReceiveCount', 1001, maxReceiveCountProblem],
    ['visibilityTimeoutSeconds', 43_201, visibilityTimeoutSecondsProblem],
    ['retentionDays', 15, retentionDaysProblem],
    ['retentionDays', 0.5, retentionDaysProblem],
  ] as const)('a route %s of %s', (key, value, problem) => {
    expect(problem(value)).toBeDefined();
    expect(firstProblem(route({ [key]: value }))).toBe(`argyleWebhooks.routes[0].${key}: ${problem(value)}`);
  });

  it('accepts the queue limits at both ends', () => {
    for (const [problem, limits] of [
      [maxReceiveCountProblem, QUEUE_LIMITS.maxReceiveCount],
      [visibilityTimeoutSecondsProblem, QUEUE_LIMITS.visibilityTimeoutSeconds],
      [retentionDaysProblem, QUEUE_LIMITS.retentionDays],
      [retentionSecondsProblem, QUEUE_LIMITS.retentionSeconds],
    ] as const) {
      expect(problem(limits.min)).toBeUndefined();
      expect(problem(limits.max)).toBeUndefined();
      expect(problem(limits.max + 1)).toBeDefined();
    }
    expect(QUEUE_LIMITS.retentionDays.max * 86_400).toBe(QUEUE_LIMITS.retentionSeconds.max);
  });

  it('an empty list of events or subscriptions', () => {
    expect(firstProblem({ routes: [{ name: 'a', events: [] }] })).toBe(
      `argyleWebhooks.routes[0].events: ${routeEventsProblem([])}`,
    );
    expect(firstProblem(route({ subscriptions: [] }))).toBe(
      `argyleWebhooks.routes[0].subscriptions: ${routeSubscriptionsProblem([])}`,
    );
    expect(routeEventsProblem(['*'])).toBeUndefined();
    expect(routeSubscriptionsProblem(['x'])).toBeUndefined();
  });

  it('an empty allow list while the restriction is on, in the words of each side', () => {
    const names = { restrict: '"restrict"', allow: '"allow"', defaultAllow: "Argyle's" };
    expect(firstProblem({ sourceIps: { allow: [] } })).toBe(
      `argyleWebhooks.sourceIps.allow: ${sourceIpAllowListProblem(true, [], names)}`,
    );
    expect(sourceIpAllowListProblem(false, [], names)).toBeUndefined();
    expect(sourceIpAllowListProblem(true, ['1.2.3.4'], names)).toBeUndefined();
  });

  it('throttling', () => {
    expect(firstProblem({ throttling: { rateLimit: 0 } })).toBe(
      `argyleWebhooks.throttling.rateLimit: ${rateLimitProblem(0)}`,
    );
    expect(firstProblem({ throttling: { burstLimit: 2.5 } })).toBe(
      `argyleWebhooks.throttling.burstLimit: ${burstLimitProblem(2.5)}`,
    );
    expect(rateLimitProblem(0.5)).toBeUndefined();
    expect(burstLimitProblem(1)).toBeUndefined();
  });
});
