/**
 * The receiver's Powertools Logger, through the two extension points Powertools offers for the shape of a line:
 * a log formatter and the `printLog` hook. The lines are Powertools' own layout, key for key and in its order;
 * what goes is work a line of the receiver never needs, on every delivery (npm run bench, M3b):
 *
 * - the deep merge of the line's attributes into the base keys (Powertools' formatter merges them recursively;
 *   the receiver's attributes are flat values and lists, and never name a base key);
 * - reading `TZ` for every line (read once: Lambda fixes it, `:UTC`);
 * - Powertools' private `Console`, which per line looks up the colour mode and adds and removes an `error`
 *   listener on the stream: the line goes to `process.stdout` (`process.stderr` from WARN up), the streams that
 *   Console writes to. With `POWERTOOLS_DEV` set, Powertools prints it as it always does;
 * - Powertools' JSON replacer, for a line whose values are all strings, numbers, booleans, null or lists of
 *   those (every line of an accepted delivery): the replacer formats errors and bigints and drops circular
 *   references, none of which such a line holds, and calling it for every key takes `JSON.stringify` off its
 *   fast path. Any other line is written through the replacer, as Powertools writes it.
 */
import { LogFormatter, Logger, LogItem, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import type {
  ConstructorOptions,
  LogAttributes,
  UnformattedAttributes,
} from '@aws-lambda-powertools/logger/types';

/** Powertools' default layout (its PowertoolsLogFormatter), built by assignment. */
export class ReceiverLogFormatter extends LogFormatter {
  /** `TZ` unset or UTC: the timestamp is `toISOString()` (as Powertools formats it then). */
  readonly #utc: boolean;

  constructor() {
    super();
    const timeZone = process.env.TZ;
    this.#utc = !timeZone || timeZone.includes('UTC');
  }

  override formatTimestamp(now: Date): string {
    return this.#utc ? now.toISOString() : super.formatTimestamp(now);
  }

  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const context = attributes.lambdaContext as
      | (NonNullable<UnformattedAttributes['lambdaContext']> & { readonly tenantId?: string })
      | undefined;
    const line: LogAttributes = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: context?.coldStart,
      function_arn: context?.invokedFunctionArn,
      function_memory_size: context?.memoryLimitInMB,
      function_name: context?.functionName,
      function_request_id: context?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
      tenant_id: context?.tenantId,
    };
    for (const key in additional) line[key] = additional[key];
    return new LogItem({ attributes: line });
  }
}

/** Powertools' dev mode (`POWERTOOLS_DEV`, read as Powertools reads it): pretty lines on the global console. */
export function isPowertoolsDevMode(value: string | undefined = process.env.POWERTOOLS_DEV): boolean {
  return ['1', 'y', 'yes', 't', 'true', 'on'].includes(value?.trim().toLowerCase() ?? '');
}

/** A Powertools Logger that writes each line to its stream itself rather than through a Console. */
export class ReceiverLogger extends Logger {
  readonly #direct: boolean;
  /** No replacer of the caller's own: plain lines may skip Powertools' (which would call it). */
  readonly #plainAllowed: boolean;

  constructor(options: ConstructorOptions = {}) {
    super(options);
    // Powertools chooses its console once, at construction, the same way.
    this.#direct = !isPowertoolsDevMode();
    this.#plainAllowed = options.jsonReplacerFn === undefined;
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    if (!this.#direct) {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    const attributes = log.getAttributes();
    const json =
      this.#plainAllowed && isPlain(attributes)
        ? JSON.stringify(attributes)
        : JSON.stringify(attributes, this.getJsonReplacer());
    const line = `${json}\n`;
    (logLevel >= LogLevelThreshold.WARN ? process.stderr : process.stdout).write(line);
  }
}

/** A value JSON.stringify writes the same with or without Powertools' replacer, which leaves it as it is. */
const isPlainValue = (value: unknown): boolean =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** Every value a string, number, boolean or null, or a list of those. */
function isPlain(attributes: LogAttributes): boolean {
  for (const key in attributes) {
    const value = attributes[key];
    if (isPlainValue(value)) continue;
    if (!Array.isArray(value)) return false;
    for (const item of value) if (!isPlainValue(item)) return false;
  }
  return true;
}
