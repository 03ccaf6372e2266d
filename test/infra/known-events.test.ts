/**
 * Event names against the catalogue at synth: a subscription to an event the catalogue does not know fails
 * with the closest known name (unless allowed), and a route pattern that matches no known event warns.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ARGYLE_EVENT_NAMES, LEGACY_V1_EVENT_NAMES } from '#functions/catalogue/index';
import { patternMatchesKnownEvent, unknownSubscriptionEventProblem } from '#functions/catalogue/known-events';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import { fastApp } from '../support/cdk-app';
import { configProblems } from '../support/config-problems';

function stackWith(raw: unknown) {
  return new ArgyleWebhookStack(fastApp(), 'Test', { config: parseConfig(raw) });
}

describe('subscription events at synth', () => {
  it('fails for an event the catalogue does not know, naming the closest known one and the escape hatch', () => {
    expect(configProblems({ subscriptions: [{ name: 'accounts', events: ['accounts.conected'] }] })).toEqual([
      'argyleWebhooks.subscriptions[0].events[0]: "accounts.conected" is not an Argyle event this release knows (did you mean "accounts.connected"?), and Argyle refuses a subscription to an event it does not have; fix the name, or, for an event Argyle added after this release, set "allowUnknownEvents": true on this subscription',
    ]);
  });

  it('accepts an unknown event on a subscription that sets allowUnknownEvents', () => {
    const config = parseConfig({
      subscriptions: [{ name: 'new-things', events: ['accounts.reconnected'], allowUnknownEvents: true }],
    });

    expect(config.subscriptions[0]?.events).toEqual(['accounts.reconnected']);
  });

  it('refuses an unknown event in the ArgyleSubscriptions construct too', () => {
    expect(() => stackWith({ subscriptions: [{ name: 'accounts', events: ['accounts.conected'] }] })).toThrow(
      /accounts\.conected/,
    );
  });

  it('accepts every event the catalogue knows, so events added to it are accepted without another change', () => {
    for (const event of ARGYLE_EVENT_NAMES) {
      expect(unknownSubscriptionEventProblem(event, 'x'), event).toBeUndefined();
    }
    expect(ARGYLE_EVENT_NAMES).toContain(LEGACY_V1_EVENT_NAMES[0]);
  });
});

describe('route patterns at synth', () => {
  it('warns for a pattern that matches no known event, with the closest name or family', () => {
    const stack = stackWith({
      routes: [{ name: 'accounts', events: ['acounts.connected', 'paystub.*', 'accounts.*'] }],
    });
    const warnings = Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('matches no Argyle event'),
    );

    expect(warnings.map((w) => String(w.entry.data))).toEqual([
      expect.stringContaining(
        'routes[0].events[0] (route "accounts"): "acounts.connected" matches no Argyle event this release knows (did you mean "accounts.connected"?)',
      ),
      expect.stringContaining(
        'routes[0].events[1] (route "accounts"): "paystub.*" matches no Argyle event this release knows (did you mean "paystubs.*"?)',
      ),
    ]);
  });

  it('does not warn for patterns that match known events', () => {
    const stack = stackWith({
      routes: [{ name: 'payroll', events: ['*.fully_synced', 'paystubs.*', 'accounts.connected', '*'] }],
    });

    expect(
      Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('matches no Argyle event')),
    ).toEqual([]);
  });

  it('matches wildcards in either part against the catalogue', () => {
    expect(patternMatchesKnownEvent('*.fully_synced')).toBe(true);
    expect(patternMatchesKnownEvent('*.exploded')).toBe(false);
    expect(patternMatchesKnownEvent('gigs.*')).toBe(true);
  });
});
