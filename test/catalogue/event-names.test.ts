import { describe, expect, it } from 'vitest';
import { ARGYLE_EVENT_NAMES, LEGACY_V1_EVENT_NAMES } from '#functions/catalogue/catalogue';
import { KNOWN_EVENT_NAMES, LEGACY_V1_EVENT_NAMES as LEGACY_NAMES } from '#functions/catalogue/event-names';

describe('the catalogue’s names without its schemas (functions/catalogue/event-names.ts)', () => {
  it('are exactly the names the catalogue has schemas for', () => {
    expect([...KNOWN_EVENT_NAMES].sort()).toEqual([...ARGYLE_EVENT_NAMES].sort());
  });

  it('list the legacy v1 names the catalogue has', () => {
    expect([...LEGACY_NAMES].sort()).toEqual([...LEGACY_V1_EVENT_NAMES].sort());
  });
});
