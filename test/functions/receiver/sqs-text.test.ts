import { describe, expect, it } from 'vitest';
import { cutAtCodePoint, isSqsText, storableValue } from '#functions/receiver/sqs-text';

describe('storableValue', () => {
  it('keeps a plain ASCII value as it is, with no adjustment', () => {
    expect(storableValue('accounts.connected')).toEqual({ value: 'accounts.connected' });
  });

  it('keeps characters beyond ASCII that SQS allows', () => {
    expect(storableValue('José 🚗 名前\t')).toEqual({ value: 'José 🚗 名前\t' });
  });

  it.each([
    ['a control character', 'payroll\u0001prod'],
    ['a NUL', 'accounts\u0000connected'],
    ['U+FFFF', 'prod\uFFFF'],
    ['U+FFFE', '\uFFFEprod'],
    ['a lone high surrogate', 'acc\uD83D'],
    ['a lone low surrogate', '\uDE97acc'],
  ])('leaves out a value holding %s', (_case, value) => {
    expect(storableValue(value)).toEqual({ value: undefined, adjustment: 'omitted' });
  });

  it('cuts a long value to the limit', () => {
    expect(storableValue('x'.repeat(300), 256)).toEqual({ value: 'x'.repeat(256), adjustment: 'cut' });
  });

  it('cuts before an emoji the limit would split, so no lone surrogate is left', () => {
    // Arrange: the emoji's two UTF-16 units sit at positions 255 and 256.
    const value = `${'x'.repeat(255)}🚗tail`;
    // Act
    const stored = storableValue(value, 256);
    // Assert
    expect(stored).toEqual({ value: 'x'.repeat(255), adjustment: 'cut' });
    expect(isSqsText(stored.value ?? '')).toBe(true);
  });

  it('keeps a cut value when the refused character lies beyond the cut', () => {
    expect(storableValue(`${'x'.repeat(256)}\u0001`, 256)).toEqual({
      value: 'x'.repeat(256),
      adjustment: 'cut',
    });
  });
});

describe('cutAtCodePoint', () => {
  it('keeps an emoji that ends exactly at the limit', () => {
    expect(cutAtCodePoint('ab🚗c', 4)).toBe('ab🚗');
  });

  it('returns a value within the limit unchanged', () => {
    expect(cutAtCodePoint('abc', 4)).toBe('abc');
  });
});

describe('isSqsText', () => {
  it('accepts tab, line feed, carriage return and characters up to U+10FFFF', () => {
    expect(isSqsText('\t\n\r \uD7FF\uE000\uFFFD\u{10000}\u{10FFFF}')).toBe(true);
  });

  it.each([['\u0000'], ['\u001F'], ['\uFFFE'], ['\uFFFF'], ['\uD800']])('refuses %j', (text) => {
    expect(isSqsText(text)).toBe(false);
  });
});
