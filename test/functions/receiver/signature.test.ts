import { describe, expect, it } from 'vitest';
import { decodeSignature, matchesAnyKey, signBody, signingKey } from '#functions/receiver/signature';
import { capturedDeliveries } from '../../support/argyle-fixtures';

const captured = capturedDeliveries();
const signedByArgyle = captured.deliveries.filter((delivery) => delivery.signed_by_argyle);
const argyleKey = signingKey(captured.secret);

function verifies(secret: string, body: Buffer, header: string | undefined): boolean {
  const signature = decodeSignature(header);
  return signature !== undefined && matchesAnyKey([signingKey(secret)], body, signature);
}

describe('Argyle signature verification', () => {
  it('has seven deliveries signed by Argyle to check against', () => {
    expect(signedByArgyle).toHaveLength(7);
  });

  it.each(signedByArgyle.map((delivery) => [delivery.event, delivery] as const))(
    'accepts the %s delivery exactly as Argyle signed it',
    (_event, delivery) => {
      const body = Buffer.from(delivery.body, 'utf8');
      expect(body.length).toBe(Number(delivery.headers['Content-Length']));
      expect(verifies(captured.secret, body, delivery.headers['X-Argyle-Signature'])).toBe(true);
    },
  );

  it('rejects every Argyle delivery once any single byte of its body changes', () => {
    for (const delivery of signedByArgyle) {
      const signature = decodeSignature(delivery.headers['X-Argyle-Signature']);
      expect(signature).toBeDefined();
      if (signature === undefined) continue;
      const original = Buffer.from(delivery.body, 'utf8');
      for (let i = 0; i < original.length; i++) {
        const changed = Buffer.from(original);
        changed[i] = (changed[i] ?? 0) ^ 0x01;
        expect(matchesAnyKey([argyleKey], changed, signature), `${delivery.event} byte ${i}`).toBe(false);
      }
    }
  });

  it('rejects a re-serialised body, because Argyle signs the pretty-printed bytes', () => {
    const delivery = signedByArgyle[0];
    expect(delivery).toBeDefined();
    if (!delivery) return;
    const compact = Buffer.from(JSON.stringify(JSON.parse(delivery.body)), 'utf8');
    expect(verifies(captured.secret, compact, delivery.headers['X-Argyle-Signature'])).toBe(false);
  });

  it('rejects a signature with any one hex digit changed', () => {
    for (const delivery of signedByArgyle) {
      const header = delivery.headers['X-Argyle-Signature'] ?? '';
      const body = Buffer.from(delivery.body, 'utf8');
      for (let i = 0; i < header.length; i += 7) {
        const digit = header[i] === '0' ? '1' : '0';
        const changed = header.slice(0, i) + digit + header.slice(i + 1);
        expect(verifies(captured.secret, body, changed)).toBe(false);
      }
    }
  });

  it('rejects Argyle deliveries checked with any other secret', () => {
    for (const delivery of signedByArgyle) {
      const body = Buffer.from(delivery.body, 'utf8');
      expect(verifies('webhook secret', body, delivery.headers['X-Argyle-Signature'])).toBe(false);
      expect(verifies(`${captured.secret} `, body, delivery.headers['X-Argyle-Signature'])).toBe(false);
    }
  });

  it('accepts an upper-case hex signature, since the comparison is on the digest bytes', () => {
    const delivery = signedByArgyle[1];
    if (!delivery) throw new Error('fixture missing');
    const header = (delivery.headers['X-Argyle-Signature'] ?? '').toUpperCase();
    expect(verifies(captured.secret, Buffer.from(delivery.body, 'utf8'), header)).toBe(true);
  });

  it('signs a body exactly as Argyle does', () => {
    for (const delivery of signedByArgyle) {
      expect(signBody(captured.secret, delivery.body)).toBe(delivery.headers['X-Argyle-Signature']);
    }
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too short', 'abc123'],
    ['one character short', 'a'.repeat(127)],
    ['one character long', 'a'.repeat(129)],
    ['not hex', 'g'.repeat(128)],
    ['hex but for its last character', `${'a'.repeat(127)}g`],
    ['hex but for one character in the middle', `${'a'.repeat(64)}z${'a'.repeat(63)}`],
    ['hex with a space inside', `${'a'.repeat(64)} ${'a'.repeat(63)}`],
    ['prefixed like other vendors', `sha512=${'a'.repeat(128)}`],
    ['two signatures', `${'a'.repeat(128)},${'b'.repeat(128)}`],
  ])('treats a %s header as no signature, without throwing', (_case, header) => {
    expect(decodeSignature(header)).toBeUndefined();
  });

  it('decodes upper-case hex and a header with spaces around it to the same 64 bytes', () => {
    const hex = signBody('a secret', '{}');

    expect(decodeSignature(` ${hex.toUpperCase()} `)).toEqual(Buffer.from(hex, 'hex'));
  });

  it('matches a body signed with the previous secret when both keys are given', () => {
    // Arrange
    const body = Buffer.from('{\n  "event": "accounts.updated"\n}', 'utf8');
    const signature = decodeSignature(signBody('old secret', body));
    if (!signature) throw new Error('signature did not decode');
    // Act / Assert
    expect(matchesAnyKey([signingKey('new secret')], body, signature)).toBe(false);
    expect(matchesAnyKey([signingKey('new secret'), signingKey('old secret')], body, signature)).toBe(true);
  });

  it('refuses an empty secret as a programming error', () => {
    expect(() => signingKey('')).toThrow(TypeError);
  });
});
