/** Reads the archive bucket: the objects of an hour (optionally of some families only) and their records. */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { byReceivedAt } from '../../archive/archiver';
import { groupPrefix, hourPrefix } from '../../archive/keys';
import { type ArchiveRecord, decodeRecords } from '../../archive/record';
import type { AwsClients } from './aws';

export interface HourRead {
  /** Every record of the hour's objects, in received order, each delivery once. */
  readonly records: ArchiveRecord[];
  readonly objects: number;
  /** Lines that were not records. */
  readonly malformed: number;
  /** Records dropped as a second copy of a delivery. */
  readonly duplicates: number;
}

export async function listKeys(aws: AwsClients, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await aws.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

export async function readHour(
  aws: AwsClients,
  bucket: string,
  hour: Date,
  families: readonly string[] | undefined,
): Promise<HourRead> {
  const prefixes = families === undefined ? [hourPrefix(hour)] : families.map((f) => groupPrefix(hour, f));
  const keys = (await Promise.all(prefixes.map((prefix) => listKeys(aws, bucket, prefix)))).flat();
  const decoded = await Promise.all(
    keys.map(async (key) => {
      const object = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = await object.Body?.transformToByteArray();
      return decodeRecords(bytes ?? new Uint8Array());
    }),
  );
  const all = decoded.flatMap((d) => d.records).sort(byReceivedAt);
  const seen = new Set<string>();
  const records = all.filter(
    (record) => !seen.has(record.deliveryId) && seen.add(record.deliveryId) !== undefined,
  );
  return {
    records,
    objects: keys.length,
    malformed: decoded.reduce((total, d) => total + d.malformed, 0),
    duplicates: all.length - records.length,
  };
}
