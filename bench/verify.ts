/**
 * M3a, verify + validate in process, per body size: ours (decodeSignature + matchesAnyKey + parseEnvelope),
 * the floor (HMAC-SHA512 with a KeyObject + timingSafeEqual + JSON.parse), our bad-signature path, and two
 * peers on their own schemes (signatures precomputed): @octokit/webhooks-methods `verify` (HMAC-SHA256) and
 * standardwebhooks `Webhook.verify` (which also parses the JSON). Same bytes for all, interleaved rounds.
 */
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import { parseEnvelope } from '../functions/receiver/envelope';
import { decodeSignature, matchesAnyKey, signBody, signingKey } from '../functions/receiver/signature';
import { argyleShapedBody, BODY_SIZES, SECRET } from './fixtures';
import type { LoopOptions } from './handler';
import { compared, type MeasureResult, type Row } from './report';
import { interleaved, type VariantResult } from './stats';

async function variantsFor(bytes: number) {
  const text = argyleShapedBody(bytes);
  const body = Buffer.from(text, 'utf8');
  const keys = [signingKey(SECRET)];
  const floorKey = createSecretKey(Buffer.from(SECRET, 'utf8'));
  const header = signBody(SECRET, body);
  const badHeader = header.slice(0, -1) + (header.endsWith('0') ? '1' : '0');

  const ours = (signatureHeader: string) => {
    const signature = decodeSignature(signatureHeader);
    if (signature === undefined || !matchesAnyKey(keys, body, signature)) return false;
    return parseEnvelope(body).ok;
  };
  const floor = () => {
    const signature = Buffer.from(header, 'hex');
    const expected = createHmac('sha512', floorKey).update(body).digest();
    if (signature.length !== expected.length || !timingSafeEqual(expected, signature)) return false;
    return JSON.parse(body.toString('utf8')) !== null;
  };
  const octokitSignature = await octokitSign(SECRET, text);
  const standard = new Webhook(Buffer.from(SECRET, 'utf8').toString('base64'));
  const standardHeaders = {
    'webhook-id': 'msg_bench_1',
    'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
    'webhook-signature': standard.sign('msg_bench_1', new Date(), text),
  };

  const variants = {
    ours: () => ours(header),
    oursBadSignature: () => ours(badHeader),
    floor,
    octokit: () => octokitVerify(SECRET, text, octokitSignature),
    standardwebhooks: () => standard.verify(text, standardHeaders) !== null,
  };
  // Every variant must do its real work: the good ones accept, the bad signature is refused.
  const expected: Record<keyof typeof variants, boolean> = {
    ours: true,
    oursBadSignature: false,
    floor: true,
    octokit: true,
    standardwebhooks: true,
  };
  for (const [name, fn] of Object.entries(variants) as [keyof typeof variants, () => unknown][]) {
    if ((await fn()) !== expected[name])
      throw new Error(`M3a variant ${name} did not return ${expected[name]}`);
  }
  return variants;
}

export async function measureVerify(options: LoopOptions): Promise<MeasureResult> {
  const rows: Row[] = [];
  const details: Record<string, Record<string, VariantResult>> = {};
  for (const bytes of BODY_SIZES) {
    const variants = await variantsFor(bytes);
    const r = await interleaved(variants, options);
    details[`${bytes}B`] = r;
    const size = `${bytes / 1024} KB`;
    const get = (name: keyof typeof variants) => {
      const result = r[name];
      if (!result) throw new Error(`missing M3a variant ${name}`);
      return result;
    };
    const ours = get('ours');
    const rate = (result: VariantResult) => ({ value: result.eventsPerSecond, unit: 'ev/s' as const });
    const p = (result: VariantResult) => `p50 ${result.p50.toFixed(2)} / p99 ${result.p99.toFixed(2)} µs`;
    rows.push(
      compared(
        {
          id: 'M3a',
          metric: `verify + validate ${size}`,
          ours: rate(ours),
          against: { label: 'floor', value: rate(get('floor')) },
          target: '≥ 0.70×',
          note: `M3a ${size}: ours ${p(ours)}; floor ${p(get('floor'))}; octokit ${p(get('octokit'))}; standardwebhooks ${p(get('standardwebhooks'))}`,
        },
        (ratio) => ratio >= 0.7,
      ),
      compared(
        {
          id: 'M3a',
          metric: `bad signature ${size} (p50/event)`,
          ours: { value: get('oursBadSignature').p50, unit: 'µs' },
          against: { label: 'good', value: { value: ours.p50, unit: 'µs' } },
          target: '≤ 1.00×',
        },
        (ratio) => ratio <= 1,
      ),
    );
    for (const peer of ['octokit', 'standardwebhooks'] as const) {
      rows.push({
        id: 'M3a',
        metric: `${size} vs ${peer === 'octokit' ? 'octokit verify (SHA-256)' : 'standardwebhooks verify'}`,
        ours: rate(ours),
        against: { label: peer, value: rate(get(peer)) },
        ratio: ours.eventsPerSecond / get(peer).eventsPerSecond,
        target: 'report',
        status: 'info',
      });
    }
  }
  return { rows, details };
}
