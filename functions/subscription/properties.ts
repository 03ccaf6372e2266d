/**
 * The custom resource's properties, as CloudFormation delivers them (every value a string, lists as lists of
 * strings), read into typed settings: what the subscription should be, and which Argyle API holds it.
 */
import * as z from 'zod/mini';
import {
  type ArgyleApiVersion,
  type ArgyleEnvironment,
  checkSubscriptionRules,
  type WebhookConfig,
  WebhookConfigSchema,
} from '../argyle-api';
import { SUBSCRIPTION_PROPERTY as P } from '../shared/contract';
import { SubscriptionError } from './errors';

/** What Argyle stores for the subscription, except the secret (read at run time from `signingSecretArn`). */
export interface DesiredSubscription {
  readonly name: string;
  readonly events: readonly string[];
  /** `{}` when the subscription has no config. */
  readonly config: WebhookConfig;
  readonly url: string;
}

/** Which Argyle API, and which credentials, the subscription lives under. */
export interface ApiTarget {
  readonly environment: ArgyleEnvironment;
  readonly apiVersion: ArgyleApiVersion;
  /** Origin to call instead of the environment's; `ARGYLE_API_BASE_URL` overrides both. */
  readonly baseUrl?: string;
  readonly credentialsSecretName: string;
}

export interface SubscriptionProperties {
  readonly subscription: DesiredSubscription;
  readonly signingSecretArn: string;
  /** Raised by the operator after rotating the signing secret; `1` when absent. */
  readonly signingSecretGeneration: string;
  readonly target: ApiTarget;
  /**
   * The DynamoDB table of ownership records; absent in the properties of stacks deployed before it (whose
   * physical ids are Argyle ids).
   */
  readonly stateTable?: string;
}

const text = z.string().check(z.trim(), z.minLength(1));

const TargetSchema = z.object({
  [P.CREDENTIALS_SECRET_NAME]: text,
  [P.ENVIRONMENT]: z.enum(['sandbox', 'production']),
  [P.API_VERSION]: z.optional(z.enum(['v1', 'v2'])),
  [P.API_BASE_URL]: z.optional(z.string()),
});

const PropertiesSchema = z.extend(TargetSchema, {
  [P.NAME]: text,
  [P.EVENTS]: z.array(text).check(z.minLength(1)),
  [P.CONFIG]: z.optional(z.string()),
  [P.WEBHOOK_URL]: text,
  [P.SIGNING_SECRET_ARN]: text,
  [P.SIGNING_SECRET_GENERATION]: z.optional(text),
  [P.STATE_TABLE]: z.optional(text),
});

/**
 * Reads and checks the resource properties, including Argyle's rules for `config`.
 *
 * @throws SubscriptionError naming every property that is missing or malformed
 */
export function readProperties(raw: unknown): SubscriptionProperties {
  const props = parse(PropertiesSchema, raw);
  const config = readConfig(props[P.CONFIG]);
  const subscription: DesiredSubscription = {
    name: props[P.NAME],
    events: props[P.EVENTS],
    config,
    url: props[P.WEBHOOK_URL],
  };
  const problems = checkSubscriptionRules(subscription);
  if (problems.length > 0) {
    throw new SubscriptionError(
      `subscription "${subscription.name}" breaks Argyle's rules: ${problems.map((p) => p.message).join('; ')}`,
    );
  }
  return {
    subscription,
    signingSecretArn: props[P.SIGNING_SECRET_ARN],
    signingSecretGeneration: props[P.SIGNING_SECRET_GENERATION] ?? '1',
    target: toTarget(props),
    ...(props[P.STATE_TABLE] === undefined ? {} : { stateTable: props[P.STATE_TABLE] }),
  };
}

/**
 * Reads the subscription's name and the state table, if the properties name one: with the target, all a
 * delete needs.
 */
export function readIdentity(raw: unknown): { name?: string; stateTable?: string } {
  const props = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const value = (key: string) => {
    const field = props[key];
    return typeof field === 'string' && field.trim() !== '' ? field.trim() : undefined;
  };
  const name = value(P.NAME);
  const stateTable = value(P.STATE_TABLE);
  return { ...(name === undefined ? {} : { name }), ...(stateTable === undefined ? {} : { stateTable }) };
}

/**
 * Reads only where the subscription lives: all a delete needs, so a delete never fails on a rule that changed
 * after the subscription was made.
 *
 * @throws SubscriptionError naming every property that is missing or malformed
 */
export function readTarget(raw: unknown): ApiTarget {
  return toTarget(parse(TargetSchema, raw));
}

function toTarget(props: z.infer<typeof TargetSchema>): ApiTarget {
  const baseUrl = props[P.API_BASE_URL]?.trim();
  return {
    environment: props[P.ENVIRONMENT],
    apiVersion: props[P.API_VERSION] ?? 'v2',
    ...(baseUrl ? { baseUrl } : {}),
    credentialsSecretName: props[P.CREDENTIALS_SECRET_NAME],
  };
}

function parse<T>(schema: z.ZodMiniType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'ResourceProperties';
    return `${where}: ${issue.message}`;
  });
  throw new SubscriptionError(`invalid resource properties: ${problems.join('; ')}`);
}

function readConfig(text: string | undefined): WebhookConfig {
  if (text === undefined || text.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SubscriptionError(`invalid resource properties: ${P.CONFIG} is not JSON`);
  }
  const parsed = WebhookConfigSchema.safeParse(json ?? {});
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'config').join(', ');
    throw new SubscriptionError(`invalid resource properties: ${P.CONFIG} has a malformed ${fields}`);
  }
  return parsed.data;
}
