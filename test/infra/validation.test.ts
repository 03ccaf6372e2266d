import { describe, expect, it } from 'vitest';
import type { RoutingTable } from '../../functions/shared/contract';
import {
  duplicateNameProblems,
  eventPatternProblem,
  ipOrCidrProblem,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
  OTHER_RECEIVER_ENVIRONMENT_BYTES,
  pascalCase,
  receiverEnvironmentProblem,
  routeNameProblem,
  show,
  tagKeyProblem,
} from '../../lib/validation';

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
