/** `argyle-subscriptions create`: checks the events and config, then registers a subscription with Argyle. */
import { checkSubscriptionRules, type WebhookConfig, WebhookConfigSchema } from '../../argyle-api';
import {
  subscriptionEventGrammarProblem,
  unknownSubscriptionEventProblem,
} from '../../catalogue/known-events';
import { SIGNING_SECRET_SETTLE_MS } from '../../shared/contract';
import { readSigningSecret } from '../secrets';
import { sleep } from '../signing-secret-settle';
import { clientFor, secretsOf } from './client';
import { formatDetails, formatJson } from './format';
import { type CliIo, required, UsageError, type Values } from './options';

export async function create(values: Values, io: CliIo): Promise<number> {
  const name = required(values.name, '--name', 'e.g. --name accounts');
  const url = required(values.url, '--url', "e.g. --url <the stack's WebhookUrl output>");
  const events = required(values.events, '--events', 'e.g. --events accounts.connected,accounts.updated or *')
    .split(',')
    .map((event) => event.trim())
    .filter((event) => event !== '');
  const secretId = required(
    values['signing-secret'],
    '--signing-secret',
    "the Secrets Manager secret whose value signs deliveries, e.g. the stack's SigningSecretArn output",
  );
  const config = readConfigOption(values.config);
  const nameProblems = events.flatMap((event) => {
    const problem =
      subscriptionEventGrammarProblem(event) ??
      (values['allow-unknown-events']
        ? undefined
        : unknownSubscriptionEventProblem(event, 'pass --allow-unknown-events'));
    return problem === undefined ? [] : [`--events: ${problem}`];
  });
  if (nameProblems.length > 0) throw new UsageError(nameProblems.join('\n'));
  const problems = checkSubscriptionRules({ events, config });
  if (problems.length > 0) throw new UsageError(problems.map((problem) => problem.message).join('; '));
  const client = await clientFor(values, io);
  const secret = await readSigningSecret(secretsOf(io), secretId);
  // A value rotated moments ago may not be readable by every receiver yet: wait before Argyle signs with it.
  io.stderr(
    `waiting ${SIGNING_SECRET_SETTLE_MS / 1000} s until every receiver can read the signing secret\n`,
  );
  await (io.sleep ?? sleep)(SIGNING_SECRET_SETTLE_MS);
  const created = await client.create({
    name,
    events,
    url,
    secret,
    ...(Object.keys(config).length > 0 ? { config } : {}),
  });
  io.stdout(values.json ? formatJson(created) : `created\n${formatDetails(created)}`);
  return 0;
}

function readConfigOption(text: string | undefined): WebhookConfig {
  if (text === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--config is not JSON: write e.g. --config '{"include_resource":true}'`);
  }
  const parsed = WebhookConfigSchema.safeParse(json);
  if (!parsed.success || typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UsageError(
      '--config must be an object with include_resource (true/false), days_synced (a number) or items (a list of Item ids)',
    );
  }
  const unknown = Object.keys(json).filter((key) => !(key in parsed.data));
  if (unknown.length > 0) {
    throw new UsageError(
      `--config has unknown option ${unknown.join(', ')}; use include_resource, days_synced or items`,
    );
  }
  return parsed.data;
}
