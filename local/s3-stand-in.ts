/**
 * The S3 stand-in of the dev server and the tests: fauxqs's S3 (the S3 REST protocol the AWS SDK speaks,
 * path-style on an IP endpoint) in this process, on 127.0.0.1, holding everything in memory. Loaded on demand:
 * only the archive needs it, and fauxqs needs Node.js 22.5 or newer (node:sqlite), within the project's engines.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './sqs-emulator';

export interface S3StandIn {
  /** e.g. `http://127.0.0.1:9325` */
  readonly endpoint: string;
  /** A client for the stand-in. */
  readonly client: S3Client;
  createBucket(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A client for a local S3 stand-in at `endpoint`. */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
  });
}

/** Starts the stand-in on 127.0.0.1:`port` (0 picks a free port). */
export async function startS3StandIn(port: number): Promise<S3StandIn> {
  const { startFauxqs } = await withoutSqliteWarning(() => import('fauxqs'));
  let server: Awaited<ReturnType<typeof startFauxqs>>;
  try {
    server = await startFauxqs({ port, host: '127.0.0.1', logger: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const inUse = new Error(
        `port ${port} (the S3 stand-in) is already in use on 127.0.0.1; stop what uses it, or pass --s3-port <port>`,
      );
      inUse.name = 'PortInUseError';
      throw inUse;
    }
    throw error;
  }
  const endpoint = `http://127.0.0.1:${server.port}`;
  const client = localS3Client(endpoint);
  return {
    endpoint,
    client,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async close() {
      client.destroy();
      await server.stop();
    },
  };
}

/**
 * Runs `load` without Node's one-time "SQLite is an experimental feature" warning, which fauxqs's import of
 * node:sqlite prints (it keeps nothing on disk here); every other warning still shows.
 */
async function withoutSqliteWarning<T>(load: () => Promise<T>): Promise<T> {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'ExperimentalWarning' && /SQLite/.test(text)) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return await load();
  } finally {
    process.emitWarning = emitWarning;
  }
}
