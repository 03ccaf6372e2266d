/**
 * The state store over one DynamoDB table, partition key {@link SUBSCRIPTION_STATE_KEY} (a string) and nothing
 * else: `record#<name>` (an ownership record), `lease` (who may create subscriptions now), `marker#<name>`.
 * Every write that could race is conditional (a record names the revision it read, a lease is taken only when
 * free, expired or already ours, released only by its holder), and every read is strongly consistent: a lease
 * or a revision read eventually consistently could be one write behind.
 *
 * Values are stored as DynamoDB maps and lists (readable in the console), never a secret: a record names the
 * signing secret by ARN.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { SUBSCRIPTION_STATE_KEY as KEY, SUBSCRIPTION_ENV } from '../../shared/contract';
import type { Lease, LeaseOutcome, OwnershipRecord, OwnershipRecordInput } from './record';
import { type LeaseRequest, type Marker, StaleRecordError, type SubscriptionStateStore } from './store';

/** The part of the DynamoDB client the store uses. */
export type DynamoDbSender = Pick<DynamoDBClient, 'send'>;

const RECORD_PREFIX = 'record#';
const MARKER_PREFIX = 'marker#';
const LEASE_KEY = 'lease';

/** Tries to take a lease at most this often in one call when it keeps changing hands between write and read. */
const LEASE_ATTEMPTS = 3;

/**
 * A DynamoDB client with bounded retries and timeouts (3 attempts, 2 s to connect, 5 s to answer), as the
 * Secrets Manager client: a call fails within about 20 s instead of holding a deployment. Create it once per
 * process (module scope in a Lambda function) and share it.
 */
export function createDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
  });
}

/**
 * The table named by {@link SUBSCRIPTION_ENV.STATE_TABLE}.
 *
 * @throws Error when the variable is not set
 */
export function stateTableFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  const name = env[SUBSCRIPTION_ENV.STATE_TABLE]?.trim();
  if (!name) {
    throw new Error(
      `${SUBSCRIPTION_ENV.STATE_TABLE} is not set: the function does not know the subscriptions' state table`,
    );
  }
  return name;
}

/** A DynamoDB call other than a lost condition failed: names the table and what to check. */
export class StateStoreError extends Error {
  override readonly name = 'StateStoreError';
}

export class DynamoDbStateStore implements SubscriptionStateStore {
  constructor(
    private readonly client: DynamoDbSender,
    readonly tableName: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(name: string): Promise<OwnershipRecord | undefined> {
    const item = await this.read(`${RECORD_PREFIX}${name}`);
    return item === undefined ? undefined : toRecord(item);
  }

  async list(): Promise<OwnershipRecord[]> {
    const records: OwnershipRecord[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.call('Scan', () =>
        this.client.send(
          new ScanCommand({
            TableName: this.tableName,
            ConsistentRead: true,
            FilterExpression: 'begins_with(#pk, :prefix)',
            ExpressionAttributeNames: { '#pk': KEY },
            ExpressionAttributeValues: { ':prefix': { S: RECORD_PREFIX } },
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        ),
      );
      for (const item of page.Items ?? []) records.push(toRecord(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return records.sort((a, b) => a.name.localeCompare(b.name));
  }

  async put(record: OwnershipRecordInput, expectedRevision: number | undefined): Promise<OwnershipRecord> {
    const written: OwnershipRecord = {
      ...record,
      revision: (expectedRevision ?? 0) + 1,
      updatedAt: new Date(this.clock()).toISOString(),
    };
    const condition: Pick<
      PutItemCommandInput,
      'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    > =
      expectedRevision === undefined
        ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': KEY } }
        : {
            ConditionExpression: '#revision = :expected',
            ExpressionAttributeNames: { '#revision': 'revision' },
            ExpressionAttributeValues: { ':expected': { N: String(expectedRevision) } },
          };
    const stored = await this.conditional('PutItem', () =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { [KEY]: { S: `${RECORD_PREFIX}${record.name}` }, ...toItem(written) },
          ...condition,
        }),
      ),
    );
    if (!stored) throw new StaleRecordError(`the record of "${record.name}" changed since it was read`);
    return written;
  }

  async delete(name: string, expectedRevision: number): Promise<void> {
    const deleted = await this.conditional('DeleteItem', () =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { [KEY]: { S: `${RECORD_PREFIX}${name}` } },
          ConditionExpression: '#revision = :expected',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':expected': { N: String(expectedRevision) } },
        }),
      ),
    );
    if (!deleted) throw new StaleRecordError(`the record of "${name}" changed since it was read`);
  }

  async acquireLease(request: LeaseRequest): Promise<LeaseOutcome> {
    for (let attempt = 1; ; attempt++) {
      const held = await this.readLease();
      if (held !== undefined && held.holder !== request.holder && held.expiresAt > request.now) {
        return { acquired: false, heldBy: held };
      }
      const lease: Lease = {
        holder: request.holder,
        actor: request.actor,
        acquiredAt: held?.holder === request.holder ? held.acquiredAt : request.now,
        expiresAt: request.now + request.durationMs,
      };
      // Free, expired, or ours: the condition says so again at the moment of writing.
      const taken = await this.conditional('PutItem', () =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: { [KEY]: { S: LEASE_KEY }, ...toItem(lease) },
            ConditionExpression: 'attribute_not_exists(#pk) OR #expiresAt <= :now OR #holder = :holder',
            ExpressionAttributeNames: { '#pk': KEY, '#expiresAt': 'expiresAt', '#holder': 'holder' },
            ExpressionAttributeValues: {
              ':now': { N: String(request.now) },
              ':holder': { S: request.holder },
            },
          }),
        ),
      );
      if (taken) return { acquired: true, lease };
      // Someone took it between the read and the write: report them, unless it changed hands again.
      const winner = await this.readLease();
      if (winner !== undefined && winner.holder !== request.holder && winner.expiresAt > request.now) {
        return { acquired: false, heldBy: winner };
      }
      if (attempt >= LEASE_ATTEMPTS) {
        throw new StateStoreError(
          `the lease in ${this.tableName} kept changing hands while it was being taken; try again`,
        );
      }
    }
  }

  async releaseLease(lease: Lease): Promise<void> {
    // A lease taken over after it expired belongs to someone else now: the condition leaves it alone.
    await this.conditional('DeleteItem', () =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { [KEY]: { S: LEASE_KEY } },
          ConditionExpression: '#holder = :holder',
          ExpressionAttributeNames: { '#holder': 'holder' },
          ExpressionAttributeValues: { ':holder': { S: lease.holder } },
        }),
      ),
    );
  }

  async readLease(): Promise<Lease | undefined> {
    const item = await this.read(LEASE_KEY);
    if (item === undefined) return undefined;
    const value = fromItem(item) as unknown as Lease;
    return {
      holder: value.holder,
      actor: value.actor,
      acquiredAt: value.acquiredAt,
      expiresAt: value.expiresAt,
    };
  }

  async putMarker(marker: Marker): Promise<void> {
    const value: Record<string, unknown> = { name: marker.name, values: { ...marker.values } };
    if (marker.expiresAt !== undefined) value.expiresAt = marker.expiresAt;
    await this.call('PutItem', () =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { [KEY]: { S: `${MARKER_PREFIX}${marker.name}` }, ...toItem(value) },
        }),
      ),
    );
  }

  async getMarker(name: string, now: number): Promise<Marker | undefined> {
    const item = await this.read(`${MARKER_PREFIX}${name}`);
    if (item === undefined) return undefined;
    const value = fromItem(item) as unknown as {
      name: string;
      values?: Record<string, string>;
      expiresAt?: number;
    };
    if (value.expiresAt !== undefined && value.expiresAt <= now) return undefined;
    return {
      name: value.name,
      values: value.values ?? {},
      ...(value.expiresAt === undefined ? {} : { expiresAt: value.expiresAt }),
    };
  }

  private async read(key: string): Promise<Record<string, AttributeValue> | undefined> {
    const output = await this.call('GetItem', () =>
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: { [KEY]: { S: key } }, ConsistentRead: true }),
      ),
    );
    return output.Item;
  }

  /** Runs a conditional write: `false` when its condition did not hold. */
  private async conditional(operation: string, send: () => Promise<unknown>): Promise<boolean> {
    try {
      await this.call(operation, send, true);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async call<T>(operation: string, send: () => Promise<T>, passConditionFailure = false): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (passConditionFailure && error instanceof ConditionalCheckFailedException) throw error;
      const name = error instanceof Error ? error.name : 'Error';
      const detail = (error instanceof Error ? error.message : String(error)).replace(/\.+$/, '');
      const hint =
        name === 'ResourceNotFoundException'
          ? ' The table does not exist (was it deleted, or is the function pointed at another region?).'
          : name === 'AccessDeniedException'
            ? ' The function may not use the table (or its KMS key).'
            : '';
      throw new StateStoreError(
        `DynamoDB ${operation} on the subscriptions' state table ${this.tableName} failed: ${name}: ${detail}.${hint}`,
        { cause: error },
      );
    }
  }
}

// --- Plain values to DynamoDB attribute values and back. Only what records, leases and markers hold: strings,
// finite numbers, booleans, null, lists and maps. `undefined` fields are left out, as JSON.stringify does.

function toItem(value: object): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined) out[key] = toAttribute(field);
  }
  return out;
}

function toAttribute(value: unknown): AttributeValue {
  if (value === null) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'boolean') return { BOOL: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot store the number ${value}`);
    return { N: String(value) };
  }
  if (Array.isArray(value)) return { L: value.filter((v) => v !== undefined).map(toAttribute) };
  if (typeof value === 'object') return { M: toItem(value) };
  throw new TypeError(`cannot store a value of type ${typeof value}`);
}

/** An item's attributes, its key left out. */
function fromItem(item: Record<string, AttributeValue>): Record<string, unknown> {
  const { [KEY]: _key, ...rest } = item;
  return fromMap(rest);
}

function fromMap(map: Record<string, AttributeValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(map)) out[key] = fromAttribute(field);
  return out;
}

function fromAttribute(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(fromAttribute);
  if (value.M !== undefined) return fromMap(value.M);
  throw new TypeError(`unexpected DynamoDB attribute type ${Object.keys(value).join(',')}`);
}

function toRecord(item: Record<string, AttributeValue>): OwnershipRecord {
  const value = fromItem(item) as unknown as OwnershipRecord;
  return { ...value, owned: value.owned ?? [], retired: value.retired ?? [] };
}
