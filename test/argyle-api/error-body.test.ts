import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '#functions/argyle-api/error-body';

describe('parseErrorBody', () => {
  it('reads a detail body', () => {
    expect(parseErrorBody('{"detail": "Not found."}')).toEqual({
      message: 'Not found.',
      detail: 'Not found.',
    });
  });

  it('flattens field errors into field: message pairs', () => {
    expect(parseErrorBody('{"config": ["only allowed for a, b"], "url": ["Enter a valid URL."]}')).toEqual({
      message: 'config: only allowed for a, b; url: Enter a valid URL.',
      detail: 'config: only allowed for a, b; url: Enter a valid URL.',
      fieldErrors: { config: ['only allowed for a, b'], url: ['Enter a valid URL.'] },
    });
  });

  it('joins nested fields with dots and shows non-field errors without a field', () => {
    expect(parseErrorBody('{"config": {"items": ["Too many."]}, "non_field_errors": ["Bad."]}').message).toBe(
      'config.items: Too many.; Bad.',
    );
    expect(parseErrorBody('["Bad request."]').message).toBe('Bad request.');
  });

  it('keeps a body that is not JSON as shortened text, and an empty body as nothing', () => {
    expect(parseErrorBody('<html>\n  <h1>502 Bad Gateway</h1>\n</html>').message).toBe(
      '<html> <h1>502 Bad Gateway</h1> </html>',
    );
    expect(parseErrorBody('x'.repeat(400)).message).toHaveLength(303);
    expect(parseErrorBody('  ')).toEqual({ message: '' });
  });
});
