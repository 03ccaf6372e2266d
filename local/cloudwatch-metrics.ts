/**
 * A stand-in for CloudWatch metrics on 127.0.0.1 that answers `GetMetricData` over the real wire protocol (AWS
 * JSON 1.0, `X-Amz-Target: GraniteServiceVersion20100801.GetMetricData`, timestamps as epoch seconds), so the
 * SDK's `CloudWatchClient` runs unchanged against it (`AWS_ENDPOINT_URL_CLOUDWATCH`). Its data comes from
 * embedded metric format documents it ingests: the log lines the receiver and the watcher write, as CloudWatch
 * Logs turns them into metrics on AWS.
 *
 * Strict where CloudWatch is (Amazon CloudWatch API Reference, `GetMetricData`, `MetricDataQuery`, `MetricStat`,
 * `MetricDataResult`): 1 to 500 queries, each `Id` unique, starting with a lower-case letter and holding only
 * letters, digits and `_`; exactly one of `MetricStat` and `Expression`; `MetricStat` needs `Metric` (with
 * `Namespace` and `MetricName`, at most 30 dimensions), `Period` (1, 5, 10, 20, 30 or a multiple of 60) and
 * `Stat`; `StartTime` and `EndTime` are required and `StartTime` must be before `EndTime` (the end is
 * exclusive). The start is rounded down as CloudWatch rounds it (to the minute within 15 days, to 5 minutes
 * within 63, to the hour beyond), periods begin at it, and only periods with data are returned, newest first
 * unless `ScanBy` says `TimestampAscending`. A period that is no multiple of 60 (300, 3600) for a start more
 * than 3 hours (15, 63 days) ago returns no data, as the API reference says. `MaxDatapoints` pages with
 * `NextToken`. Expressions (metric math, Metrics Insights) are not evaluated: the stand-in refuses them.
 * Errors have CloudWatch's types and its query-compatible `x-amzn-query-error` header.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const STATS = ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'] as const;
type Stat = (typeof STATS)[number];

/** One value CloudWatch stored: a metric (namespace, name, exact dimension set) at a time. */
export interface StoredDatapoint {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Epoch ms. */
  readonly timestamp: number;
  readonly value: number;
}

class ApiError extends Error {
  constructor(
    readonly type: string,
    readonly queryCode: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const missing = (name: string) =>
  new ApiError('MissingRequiredParameterException', 'MissingParameter', `The parameter ${name} is required.`);
const invalid = (message: string) =>
  new ApiError('InvalidParameterValueException', 'InvalidParameterValue', message);

interface Query {
  readonly id: string;
  readonly label?: string;
  readonly returnData: boolean;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly periodSeconds: number;
  readonly stat: Stat;
}

interface Result {
  readonly id: string;
  readonly label: string;
  readonly points: { readonly at: number; readonly value: number }[];
}

export class FakeCloudWatch {
  readonly endpoint: string;
  /** The `X-Amz-Target` operation and JSON body of every request, in order. */
  readonly requests: { readonly operation: string; readonly body: unknown }[] = [];
  readonly #server: Server;
  readonly #datapoints: StoredDatapoint[] = [];
  readonly #pages = new Map<
    string,
    { readonly results: Result[]; readonly offset: number; readonly max: number }
  >();
  #failures: string[] = [];
  readonly #now: () => number;

  private constructor(server: Server, now: () => number) {
    this.#server = server;
    this.#now = now;
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.#serve(request, Buffer.concat(chunks), response));
    });
  }

  /** Starts a stand-in holding no data. `now` is the clock that rounds `StartTime` (real time by default). */
  static async start(options: { readonly now?: () => number } = {}): Promise<FakeCloudWatch> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeCloudWatch(server, options.now ?? Date.now);
  }

  /** Every datapoint ingested, oldest first. */
  get datapoints(): readonly StoredDatapoint[] {
    return [...this.#datapoints];
  }

  /**
   * Stores the metrics of every embedded metric format document among `text`'s lines, as CloudWatch Logs
   * extracts them: each metric in each of its directive's dimension sets, with the values the document holds
   * (a number or a list of them). Other lines, and documents that are no valid EMF, are left alone, as
   * CloudWatch keeps them as log events only. Returns the number of datapoints stored.
   */
  ingest(text: string): number {
    let stored = 0;
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (!trimmed.startsWith('{') || !trimmed.includes('"_aws"')) continue;
      let document: unknown;
      try {
        document = JSON.parse(trimmed);
      } catch {
        continue;
      }
      stored += this.#ingestDocument(document);
    }
    return stored;
  }

  /** The next `count` requests fail with `errorType` (InternalServiceFault, HTTP 500, by default). */
  failNext(count: number, errorType = 'InternalServiceFault'): void {
    this.#failures = Array.from({ length: count }, () => errorType);
  }

  /** Forgets the data, the requests and the pages handed out. */
  reset(): void {
    this.#datapoints.length = 0;
    this.requests.length = 0;
    this.#pages.clear();
    this.#failures = [];
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #ingestDocument(document: unknown): number {
    if (!isRecord(document) || !isRecord(document._aws)) return 0;
    const { Timestamp, CloudWatchMetrics } = document._aws;
    if (typeof Timestamp !== 'number' || !Array.isArray(CloudWatchMetrics)) return 0;
    const points: StoredDatapoint[] = [];
    for (const directive of CloudWatchMetrics) {
      if (!isRecord(directive) || typeof directive.Namespace !== 'string') return 0;
      if (!Array.isArray(directive.Dimensions) || !Array.isArray(directive.Metrics)) return 0;
      for (const set of directive.Dimensions) {
        if (!Array.isArray(set) || set.length > 30) return 0;
        const dimensions: Record<string, string> = {};
        for (const key of set) {
          const value = typeof key === 'string' ? document[key] : undefined;
          if (typeof key !== 'string' || typeof value !== 'string') return 0;
          dimensions[key] = value;
        }
        for (const metric of directive.Metrics) {
          if (!isRecord(metric) || typeof metric.Name !== 'string') return 0;
          const raw = document[metric.Name];
          const values = Array.isArray(raw) ? raw : [raw];
          if (values.length === 0 || values.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
            return 0;
          for (const value of values as number[]) {
            points.push({
              namespace: directive.Namespace,
              metricName: metric.Name,
              dimensions,
              timestamp: Timestamp,
              value,
            });
          }
        }
      }
    }
    this.#datapoints.push(...points);
    return points.length;
  }

  #serve(request: IncomingMessage, raw: Buffer, response: ServerResponse): void {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (response.destroyed) return;
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': randomUUID(),
        ...headers,
      });
      response.end(JSON.stringify(body));
    };
    const fail = (error: ApiError) =>
      send(
        error.status,
        { __type: `com.amazonaws.cloudwatch#${error.type}`, message: error.message },
        { 'x-amzn-query-error': `${error.queryCode};${error.status >= 500 ? 'Receiver' : 'Sender'}` },
      );
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    let body: unknown;
    try {
      const text = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      fail(new ApiError('SerializationException', 'SerializationException', 'the request body is not JSON'));
      return;
    }
    this.requests.push({ operation, body });
    const failure = this.#failures.shift();
    if (failure !== undefined) {
      fail(
        new ApiError(failure, failure, `injected ${failure}`, failure === 'InternalServiceFault' ? 500 : 400),
      );
      return;
    }
    if (request.method !== 'POST' || operation !== 'GetMetricData') {
      fail(
        new ApiError(
          'UnknownOperationException',
          'UnknownOperation',
          `the stand-in does not serve ${target}`,
        ),
      );
      return;
    }
    try {
      send(200, this.#getMetricData(body));
    } catch (error) {
      if (error instanceof ApiError) fail(error);
      else fail(new ApiError('InternalServiceFault', 'InternalServiceError', String(error), 500));
    }
  }

  #getMetricData(body: unknown): unknown {
    if (!isRecord(body)) throw invalid('the request must be a JSON object');
    if (body.NextToken !== undefined) return this.#nextPage(body.NextToken);
    const queries = readQueries(body.MetricDataQueries);
    const start = readTime(body.StartTime, 'StartTime');
    const end = readTime(body.EndTime, 'EndTime');
    if (start === end) {
      throw new ApiError(
        'ValidationException',
        'ValidationError',
        'The parameter StartTime must not equal parameter EndTime.',
      );
    }
    if (start > end) {
      throw new ApiError(
        'ValidationException',
        'ValidationError',
        'The parameter StartTime must be less than the parameter EndTime.',
      );
    }
    const scanBy = body.ScanBy ?? 'TimestampDescending';
    if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
      throw invalid(
        `The value ${JSON.stringify(scanBy)} for parameter ScanBy is not valid: write TimestampDescending or TimestampAscending.`,
      );
    }
    const max = body.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
      throw invalid('The parameter MaxDatapoints must be a whole number of at least 1.');
    }
    const results = queries
      .filter((query) => query.returnData)
      .map((query) => this.#result(query, start, end, scanBy));
    return this.#page(results, 0, max);
  }

  #result(query: Query, startMs: number, endMs: number, scanBy: string): Result {
    const periodMs = query.periodSeconds * 1000;
    const age = this.#now() - startMs;
    // CloudWatch rounds the start down (to the minute within 15 days, 5 minutes within 63, the hour beyond).
    const rounding =
      query.periodSeconds < 60
        ? periodMs
        : age <= 15 * DAY_MS
          ? MINUTE_MS
          : age <= 63 * DAY_MS
            ? 5 * MINUTE_MS
            : HOUR_MS;
    const start = Math.floor(startMs / rounding) * rounding;
    const label = query.label ?? query.metricName;
    // Past 3 hours, 15 days and 63 days, the period must be a multiple of 60, 300 and 3600 s, or nothing is returned.
    const required = age > 63 * DAY_MS ? 3600 : age > 15 * DAY_MS ? 300 : age > 3 * HOUR_MS ? 60 : 1;
    if (query.periodSeconds % required !== 0) return { id: query.id, label, points: [] };
    const buckets = new Map<number, number[]>();
    for (const point of this.#datapoints) {
      if (point.timestamp < start || point.timestamp >= endMs) continue;
      if (point.namespace !== query.namespace || point.metricName !== query.metricName) continue;
      if (!sameDimensions(point.dimensions, query.dimensions)) continue;
      const bucket = start + Math.floor((point.timestamp - start) / periodMs) * periodMs;
      const values = buckets.get(bucket);
      if (values === undefined) buckets.set(bucket, [point.value]);
      else values.push(point.value);
    }
    const points = [...buckets.entries()]
      .map(([at, values]) => ({ at, value: statistic(query.stat, values) }))
      .sort((a, b) => (scanBy === 'TimestampAscending' ? a.at - b.at : b.at - a.at));
    return { id: query.id, label, points };
  }

  #page(results: Result[], offset: number, max: number): unknown {
    let skip = offset;
    let room = max;
    let cut = false;
    const out = results.map((result) => {
      const from = Math.min(skip, result.points.length);
      skip -= from;
      const taken = result.points.slice(from, from + room);
      room -= taken.length;
      const complete = from + taken.length >= result.points.length;
      if (!complete) cut = true;
      return {
        Id: result.id,
        Label: result.label,
        Timestamps: taken.map((point) => point.at / 1000),
        Values: taken.map((point) => point.value),
        StatusCode: complete ? 'Complete' : 'PartialData',
        Messages: [],
      };
    });
    if (!cut) return { MetricDataResults: out, Messages: [] };
    const token = randomUUID();
    this.#pages.set(token, { results, offset: offset + max, max });
    return { MetricDataResults: out, Messages: [], NextToken: token };
  }

  #nextPage(token: unknown): unknown {
    const page = typeof token === 'string' ? this.#pages.get(token) : undefined;
    if (page === undefined) {
      throw new ApiError(
        'InvalidNextToken',
        'InvalidNextToken',
        'The service returned an invalid next token.',
      );
    }
    this.#pages.delete(token as string);
    return this.#page(page.results, page.offset, page.max);
  }
}

function readQueries(value: unknown): Query[] {
  if (value === undefined || value === null) throw missing('MetricDataQueries');
  if (!Array.isArray(value)) throw invalid('The parameter MetricDataQueries must be a list.');
  if (value.length === 0) throw invalid('The parameter MetricDataQueries must contain at least 1 query.');
  if (value.length > 500) {
    throw invalid(`The parameter MetricDataQueries holds ${value.length} queries; at most 500 are allowed.`);
  }
  const ids = new Set<string>();
  return value.map((entry, index) => {
    const at = `MetricDataQueries.member.${index + 1}`;
    if (!isRecord(entry)) throw invalid(`${at} must be an object.`);
    const id = entry.Id;
    if (id === undefined) throw missing(`${at}.Id`);
    if (typeof id !== 'string' || id.length > 255 || !/^[a-z][a-zA-Z0-9_]*$/.test(id)) {
      throw invalid(
        `The value ${JSON.stringify(id)} for parameter ${at}.Id is not valid: it must start with a lower-case letter and hold only letters, digits and underscores.`,
      );
    }
    if (ids.has(id))
      throw invalid(`The Id ${JSON.stringify(id)} is used by more than one query; each must be unique.`);
    ids.add(id);
    const hasStat = entry.MetricStat !== undefined;
    const hasExpression = entry.Expression !== undefined;
    if (hasStat === hasExpression) {
      throw new ApiError(
        'InvalidParameterCombinationException',
        'InvalidParameterCombination',
        `${at} must have exactly one of MetricStat and Expression.`,
      );
    }
    if (hasExpression) throw invalid(`${at}.Expression: the stand-in does not evaluate expressions.`);
    const stat = entry.MetricStat;
    if (!isRecord(stat)) throw invalid(`${at}.MetricStat must be an object.`);
    const metric = stat.Metric;
    if (metric === undefined) throw missing(`${at}.MetricStat.Metric`);
    if (!isRecord(metric)) throw invalid(`${at}.MetricStat.Metric must be an object.`);
    const namespace = text(metric.Namespace, `${at}.MetricStat.Metric.Namespace`);
    const metricName = text(metric.MetricName, `${at}.MetricStat.Metric.MetricName`);
    const dimensions: Record<string, string> = {};
    const list = metric.Dimensions ?? [];
    if (!Array.isArray(list) || list.length > 30) {
      throw invalid(`${at}.MetricStat.Metric.Dimensions must be a list of at most 30 dimensions.`);
    }
    list.forEach((dimension: unknown, n: number) => {
      const where = `${at}.MetricStat.Metric.Dimensions.member.${n + 1}`;
      if (!isRecord(dimension)) throw invalid(`${where} must be an object.`);
      dimensions[text(dimension.Name, `${where}.Name`)] = text(dimension.Value, `${where}.Value`);
    });
    const period = stat.Period;
    if (period === undefined) throw missing(`${at}.MetricStat.Period`);
    if (
      typeof period !== 'number' ||
      !Number.isInteger(period) ||
      period < 1 ||
      !([1, 5, 10, 20, 30].includes(period) || period % 60 === 0)
    ) {
      throw invalid(
        `The value ${JSON.stringify(period)} for parameter ${at}.MetricStat.Period is not valid: write 1, 5, 10, 20, 30 or a multiple of 60.`,
      );
    }
    const statName = stat.Stat;
    if (statName === undefined) throw missing(`${at}.MetricStat.Stat`);
    if (!STATS.includes(statName as Stat)) {
      throw invalid(
        `The value ${JSON.stringify(statName)} for parameter ${at}.MetricStat.Stat is not one the stand-in computes: ${STATS.join(', ')}.`,
      );
    }
    const returnData = entry.ReturnData ?? true;
    if (typeof returnData !== 'boolean') throw invalid(`${at}.ReturnData must be true or false.`);
    return {
      id,
      ...(typeof entry.Label === 'string' ? { label: entry.Label } : {}),
      returnData,
      namespace,
      metricName,
      dimensions,
      periodSeconds: period,
      stat: statName as Stat,
    };
  });
}

function text(value: unknown, name: string): string {
  if (value === undefined || value === null) throw missing(name);
  if (typeof value !== 'string' || value.length < 1 || value.length > 255) {
    throw invalid(`The parameter ${name} must be a string of 1 to 255 characters.`);
  }
  return value;
}

/** AWS JSON 1.0 timestamps: epoch seconds. */
function readTime(value: unknown, name: string): number {
  if (value === undefined || value === null) throw missing(name);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalid(`The parameter ${name} must be a timestamp (epoch seconds).`);
  }
  return Math.round(value * 1000);
}

function sameDimensions(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

function statistic(stat: Stat, values: readonly number[]): number {
  switch (stat) {
    case 'Sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'Average':
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
    case 'SampleCount':
      return values.length;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
