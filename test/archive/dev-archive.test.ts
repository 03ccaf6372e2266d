/**
 * The archive end to end on 127.0.0.1: signed deliveries through `npm run dev`'s server with `archive.enabled`
 * reach their route queues and, through the archive queue and the archiver, the S3 stand-in's bucket, byte for
 * byte, one object per hour and event family.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intact, signedBytes } from '#functions/archive/record';
import { type DevServer, startDevServer } from '#local/dev-server';
import { localS3Client } from '#local/s3-stand-in';
import { simulate } from '#local/simulate';
import { parseConfig } from '../../lib/config';
import { archivedRecords } from '../support/archive-objects';

const SECRET = 'archive-test-secret-8c1f2a';
let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({
    port: 0,
    sqsPort: 0,
    s3Port: 0,
    secret: SECRET,
    outputsFile: false,
    config: parseConfig({
      routes: [{ name: 'accounts', events: ['accounts.*'] }],
      archive: { enabled: true },
    }),
  });
});

afterAll(async () => {
  await server?.close();
});

describe('the archive in the dev server', () => {
  it('keeps every accepted delivery, routed and catch-all, byte for byte, grouped by hour and event family', async () => {
    // Arrange
    const archive = server.archive;
    if (archive === undefined) throw new Error('no archive');
    const notJson = '{"event": "accounts.connected", "data": ';
    // Act
    const results = await simulate({
      url: server.webhookUrl,
      secret: SECRET,
      events: ['accounts.connected', 'paystubs.added'],
      count: 2,
      deliveries: [{ label: 'broken', body: notJson }],
    });
    await archive.settle();
    const archived = await archivedRecords(localS3Client(archive.s3Endpoint), archive.bucket);
    // Assert
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(archived).toHaveLength(5);
    const bodies = archived.map(({ record }) =>
      signedBytes(record.body, record.bodyEncoding).toString('utf8'),
    );
    expect(bodies.sort()).toEqual(results.map((r) => r.body).sort());
    expect(archived.every(({ record }) => intact(record))).toBe(true);
    const families = new Set(archived.map(({ key }) => /family=([^/]+)\//.exec(key)?.[1]));
    expect(families).toEqual(new Set(['accounts', 'paystubs', '_none']));
    for (const { key, record } of archived) {
      const hour = record.receivedAt.slice(0, 13);
      expect(key).toMatch(
        new RegExp(`^deliveries/v1/date=${hour.slice(0, 10)}/hour=${hour.slice(11, 13)}/family=`),
      );
      expect(key).toMatch(/\/\d{8}T\d{6}\.\d{3}Z-[0-9a-f-]{36}\.jsonl\.gz$/);
    }
    const broken = archived.find(({ record }) => record.event === undefined)?.record;
    expect(broken?.catchAllReason).toBe('invalid-json');
    const paystub = archived.find(({ record }) => record.event === 'paystubs.added')?.record;
    expect(paystub).toMatchObject({ schema: 'passed', catchAllReason: 'unmatched' });
    expect(paystub?.account).toMatch(/^[0-9a-f-]{36}$/);
  });
});
