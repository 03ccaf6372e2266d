/** Reads back what the archiver wrote to a local bucket, for the tests. */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { type ArchiveRecord, decodeRecords } from '#functions/archive/record';

/** Every key in the bucket under `prefix`, in key order. */
export async function listKeys(s3: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

/** Every record of every object, with the key it came from. */
export async function archivedRecords(
  s3: S3Client,
  bucket: string,
): Promise<{ key: string; record: ArchiveRecord }[]> {
  const result: { key: string; record: ArchiveRecord }[] = [];
  for (const key of await listKeys(s3, bucket)) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const { records } = decodeRecords(
      await (object.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())),
    );
    for (const record of records) result.push({ key, record });
  }
  return result;
}
