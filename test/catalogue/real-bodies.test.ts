import { describe, expect, it } from 'vitest';
import {
  ARGYLE_EVENT_SCHEMAS,
  argyleEventSchema,
  checkEvent,
  isArgyleEventName,
} from '#functions/catalogue/index';
import { realBodies } from './real-bodies';

const bodies = realBodies();

describe('real Argyle bodies', () => {
  it('include the five webhook files and the captured deliveries', () => {
    expect(bodies.filter((body) => body.source.startsWith('webhook_'))).toHaveLength(5);
    expect(bodies.length).toBeGreaterThan(5);
  });

  it.each(bodies.map((body) => [body.body.event, body.source, body.body] as const))(
    'parse as %s with verdict passed (%s)',
    (event, _source, body) => {
      // Arrange
      expect(isArgyleEventName(event)).toBe(true);
      if (!isArgyleEventName(event)) return;
      // Act
      const parsed = ARGYLE_EVENT_SCHEMAS[event].safeParse(body);
      // Assert
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual(body);
      expect(argyleEventSchema.safeParse(body).success).toBe(true);
      expect(checkEvent(body)).toBe('passed');
    },
  );
});
