import { describe, expect, it } from 'vitest';
import { describeSchemaProblems, exampleEvent, MAX_SCHEMA_PROBLEMS } from '#functions/catalogue/index';

const SECRET = 'Jane Doe 123-45-6789';

describe('describeSchemaProblems', () => {
  it('names the path and what was expected there', () => {
    const problems = describeSchemaProblems({
      event: 'identities.added',
      name: 's',
      data: { account: 'a', user: 7 },
    });
    expect(problems).toEqual([
      'data.user: expected string, found number',
      'data.identity: expected string, found missing',
    ]);
  });

  it('describes both shapes when reports.ready matches neither', () => {
    const problems = describeSchemaProblems({ event: 'reports.ready', name: 's', data: { user: 'u' } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^data: matches none of the accepted shapes \(accounts: .* \| resource: .*\)$/,
    );
  });

  it('names array positions in the path', () => {
    const data = { user: 'u', accounts: [{ id: 'a', last_synced_at: null }, { last_synced_at: null }] };
    expect(describeSchemaProblems({ event: 'reports.ready', name: 's', data })[0]).toContain(
      'accounts[1].id',
    );
  });

  it('reports a subscription name that is not a string', () => {
    const { data } = exampleEvent('accounts.added', { seed: 1 });
    expect(describeSchemaProblems({ event: 'accounts.added', name: 5, data })).toEqual([
      'name: expected string, found number',
    ]);
  });

  it('returns nothing for a delivery that passes', () => {
    expect(describeSchemaProblems(exampleEvent('users.fully_synced', { seed: 1 }))).toEqual([]);
  });

  it('says so when the event is not in the catalogue', () => {
    expect(describeSchemaProblems({ event: 'invoices.added', data: {} })).toEqual([
      'event: not in the catalogue',
    ]);
  });

  it('never includes values from the payload', () => {
    // Arrange: personal data in every place that fails, and in places that pass
    const data = {
      account: SECRET,
      user: { name: SECRET },
      item_id: [SECRET],
      available_from: 19_450_101,
      available_to: true,
      available_count: SECRET,
      days_synced: `${SECRET} days`,
    };
    // Act
    const text = describeSchemaProblems({ event: 'gigs.partially_synced', name: 12_345_678, data }).join(
      '\n',
    );
    // Assert
    expect(text).not.toBe('');
    for (const fragment of ['Jane', '123-45', '6789', '19450101', '12345678', 'true']) {
      expect(text).not.toContain(fragment);
    }
  });

  it(`returns at most ${MAX_SCHEMA_PROBLEMS} lines`, () => {
    // Arrange: 14 fields of the wrong type
    const fields = ['id', 'user', 'employers', 'item', 'source', 'created_at', 'updated_at', 'scanned_at'];
    const resource = Object.fromEntries([...fields, 'connection', 'availability'].map((key) => [key, 1]));
    const data = { account: 1, user: 1, resource, direct_deposit_switch: 1, ongoing_refresh: 1 };
    // Act
    const problems = describeSchemaProblems({ event: 'accounts.updated', name: 's', data });
    // Assert
    expect(problems).toHaveLength(MAX_SCHEMA_PROBLEMS);
  });
});
