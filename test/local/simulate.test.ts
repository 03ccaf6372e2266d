import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ARGYLE_EVENT_NAMES, PUBLISHED_EVENT_NAMES } from '#functions/catalogue/catalogue';
import { checkEvent } from '#functions/catalogue/check-event';
import { ALL_EVENTS, exampleDeliveries, fileDeliveries, simulate } from '#local/simulate';
import { formatResult, tally } from '#local/simulate-output';

describe('exampleDeliveries', () => {
  it('pretty-prints each body as Argyle sends it: 2-space JSON without a trailing newline', () => {
    // Act
    const [delivery] = exampleDeliveries({ events: ['accounts.connected'], seed: 7 });
    // Assert
    const body = delivery?.body ?? '';
    expect(body).toBe(JSON.stringify(JSON.parse(body), null, 2));
    expect(body.endsWith('\n')).toBe(false);
    expect(body.startsWith('{\n  "event": "accounts.connected",\n  "name": "example-subscription",')).toBe(
      true,
    );
  });

  it('generates a body every schema accepts, for every event in the catalogue', () => {
    // Act
    const deliveries = exampleDeliveries({ events: ARGYLE_EVENT_NAMES, includeResource: true, seed: 3 });
    // Assert
    expect(deliveries).toHaveLength(ARGYLE_EVENT_NAMES.length);
    for (const delivery of deliveries) {
      const envelope = JSON.parse(delivery.body) as { event: string; name: string; data: unknown };
      expect(checkEvent({ event: envelope.event, data: envelope.data }), delivery.label).toBe('passed');
    }
  });

  it("sends, with --all, every event Argyle's published spec lists, the five it added included", () => {
    expect(ALL_EVENTS).toEqual(expect.arrayContaining([...PUBLISHED_EVENT_NAMES]));
    const deliveries = exampleDeliveries({ events: ALL_EVENTS, seed: 11 });
    const sent = deliveries.map((delivery) => (JSON.parse(delivery.body) as { event: string }).event);
    expect(sent).toEqual(
      expect.arrayContaining([
        'payroll_documents.ocr_completed',
        'payroll_documents.ocr_failed',
        'direct_deposit_switches.failed',
        'user_uploads.ocr_authenticity',
        'verifications.connection_added',
      ]),
    );
  });

  it('uses the given ids, subscription and count', () => {
    // Act
    const deliveries = exampleDeliveries({
      events: ['paystubs.added'],
      count: 3,
      ids: { account: 'acc-1', user: 'user-1' },
      subscription: 'partner',
    });
    // Assert
    expect(deliveries).toHaveLength(3);
    for (const delivery of deliveries) {
      expect(JSON.parse(delivery.body)).toMatchObject({
        event: 'paystubs.added',
        name: 'partner',
        data: { account: 'acc-1', user: 'user-1' },
      });
    }
  });

  it('repeats itself for a seed, and varies otherwise', () => {
    // Act
    const first = exampleDeliveries({ events: ['gigs.added'], count: 2, seed: 11 });
    const again = exampleDeliveries({ events: ['gigs.added'], count: 2, seed: 11 });
    // Assert
    expect(again).toEqual(first);
    expect(first[0]?.body).not.toBe(first[1]?.body);
  });

  it('throws for a name that is not in the catalogue', () => {
    expect(() => exampleDeliveries({ events: ['accounts.exploded'] })).toThrow(
      'not an event in the Argyle catalogue: accounts.exploded',
    );
  });
});

describe('fileDeliveries', () => {
  it('sends one envelope, or each of a list, pretty-printed', () => {
    // Act
    const one = fileDeliveries('{"event":"accounts.added","name":"x","data":{}}', 'one.json');
    const many = fileDeliveries('[{"event":"a.b"},{"event":"c.d"}]', 'many.json');
    // Assert
    expect(one).toEqual([
      { label: 'one.json', body: '{\n  "event": "accounts.added",\n  "name": "x",\n  "data": {}\n}' },
    ]);
    expect(many.map((delivery) => delivery.label)).toEqual(['many.json#0', 'many.json#1']);
  });

  it('names the file when it is not JSON', () => {
    expect(() => fileDeliveries('{oops', 'broken.json')).toThrow(/^broken\.json is not JSON/);
  });
});

describe('simulate', () => {
  it('says the connection was refused when nothing listens', async () => {
    // Arrange
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // Act
    const [result] = await simulate({
      url: `http://127.0.0.1:${port}/webhook`,
      secret: 'secret',
      events: ['accounts.added'],
    });
    // Assert
    expect(result?.status).toBeUndefined();
    expect(result?.error).toMatch(/connection refused/);
    expect(formatResult(result ?? { label: '', body: '', durationMs: 0 })).toMatch(
      /^--- {2}accounts\.added {2}/,
    );
  });
});

describe('tally', () => {
  const result = (status: number | undefined) => ({ label: 'x', body: '', status, durationMs: 1 });

  it('counts the answers and expects 2xx', () => {
    expect(tally([result(200), result(200), result(503)], false)).toEqual({
      line: '3 sent: 2 × 200, 1 × 503',
      asExpected: false,
    });
  });

  it('expects 401 with a bad signature', () => {
    expect(tally([result(401)], true)).toEqual({ line: '1 sent: 1 × 401', asExpected: true });
  });
});
