/** `argyle-subscriptions create`: checks the events and config, then registers a subscription with Argyle. */
import { SIGNING_SECRET_SETTLE_MS } from '../../shared/contract';
import { readSigningSecret } from '../secrets';
import { sleep } from '../signing-secret-settle';
import { clientFor, secretsOf } from './client';
import { formatDetails, formatJson } from './format';
import { type CliIo, required, type Values } from './options';
import { checkEventsAndConfig, readConfigOption, splitEvents } from './subscription-options';

export async function create(values: Values, io: CliIo): Promise<number> {
  const name = required(values.name, '--name', 'e.g. --name accounts');
  const url = required(values.url, '--url', "e.g. --url <the stack's WebhookUrl output>");
  const events = splitEvents(
    required(values.events, '--events', 'e.g. --events accounts.connected,accounts.updated or *'),
  );
  const secretId = required(
    values['signing-secret'],
    '--signing-secret',
    "the Secrets Manager secret whose value signs deliveries, e.g. the stack's SigningSecretArn output",
  );
  const config = readConfigOption(values.config);
  checkEventsAndConfig(events, config, values);
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
