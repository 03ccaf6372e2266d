/**
 * Checks of single values (numbers in a range, IP addresses, e-mail addresses, KMS key ARNs, stack names, tags,
 * log retention) and {@link show}, which every problem message uses to render the bad value. Pure, like every
 * check re-exported by `validation.ts`.
 */
import { isIP } from 'node:net';

/** Retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Renders a value for an error message: JSON, cut to a readable length. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** An IPv4 or IPv6 address, or a CIDR block (`address/prefix`) with a prefix in range for its family. */
export function ipOrCidrProblem(value: string): string | undefined {
  const fix = 'write an IPv4 or IPv6 address or CIDR block, e.g. "34.27.251.226/32" or "2001:db8::/32"';
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return `${show(value)} is not an IP address or CIDR block; ${fix}`;
  if (slash < 0) return undefined;
  const prefix = value.slice(slash + 1);
  const maxPrefix = family === 4 ? 32 : 128;
  if (!/^(?:0|[1-9][0-9]{0,2})$/.test(prefix) || Number(prefix) > maxPrefix) {
    return `${show(value)} has an invalid prefix length; an IPv${family} prefix is a number from 0 to ${maxPrefix}; ${fix}`;
  }
  return undefined;
}

/** Whole number within `[min, max]`; `unit` names what is counted, for the message. */
export function integerRangeProblem(
  value: number,
  min: number,
  max: number,
  unit: string,
): string | undefined {
  if (Number.isInteger(value) && value >= min && value <= max) return undefined;
  return `${show(value)} is out of range; write a whole number of ${unit} from ${min} to ${max}`;
}

export function logRetentionProblem(days: number): string | undefined {
  if ((LOG_RETENTION_DAYS as readonly number[]).includes(days)) return undefined;
  return `${show(days)} is not a retention CloudWatch Logs accepts; write one of ${LOG_RETENTION_DAYS.join(', ')} (days)`;
}

/** CloudFormation stack names: a letter, then letters, digits and "-", at most 128 characters. */
export function stackNameProblem(name: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(name)) return undefined;
  return `${show(name)} is not a CloudFormation stack name; write 1 to 128 letters, digits or "-", starting with a letter, e.g. "ArgyleWebhooks"`;
}

/** An e-mail address SNS can send to: one "@", no spaces, a dot in the domain, at most 254 characters. */
export function emailProblem(email: string): string | undefined {
  if (email.length <= 254 && /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(email)) return undefined;
  return `${show(email)} is not an e-mail address; write one address, e.g. "payroll-oncall@example.com"`;
}

/** The ARN of a KMS key (not an alias): `arn:<partition>:kms:<region>:<account>:key/<key id>`. */
export function kmsKeyArnProblem(arn: string): string | undefined {
  const keyArn =
    /^arn:aws(?:-[a-z]+)*:kms:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
  if (keyArn.test(arn)) return undefined;
  const fix =
    'write the ARN of a customer managed key in the stack\'s region, e.g. "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"';
  if (/^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(arn))
    return `${show(arn)} is an alias ARN, which IAM grants cannot name; ${fix}`;
  return `${show(arn)} is not a KMS key ARN; ${fix}`;
}

const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const RESERVED_TAG_PREFIX = 'argyle-webhooks:';

export function tagKeyProblem(key: string): string | undefined {
  const fix = 'write 1 to 128 letters, digits, spaces or _ . : / = + - @';
  if (key.length === 0 || key.length > 128 || !TAG_CHARACTERS.test(key)) {
    return `${show(key)} is not a tag key; ${fix}`;
  }
  if (key.toLowerCase().startsWith('aws:')) {
    return `${show(key)} starts with "aws:", which AWS reserves for its own tags; choose a key without that prefix`;
  }
  if (key.startsWith(RESERVED_TAG_PREFIX)) {
    return `${show(key)} starts with "${RESERVED_TAG_PREFIX}", which this app sets itself (e.g. from "environment"); choose another key`;
  }
  return undefined;
}

export function tagValueProblem(value: string): string | undefined {
  if (value.length > 256)
    return `a value of ${value.length} characters is too long for a tag; write at most 256`;
  if (TAG_CHARACTERS.test(value)) return undefined;
  return `${show(value)} is not a tag value; write 0 to 256 letters, digits, spaces or _ . : / = + - @`;
}
