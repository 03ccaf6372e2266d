/** `argyle-subscriptions show <id>` and `delete <id>`: one subscription, by id. */
import type { ArgyleWebhooksClient } from '../../argyle-api';
import { CLI_NAME } from '../remedies';
import { clientFor } from './client';
import { formatDetails, formatJson } from './format';
import type { CliIo, Values } from './options';

export async function show(id: string, values: Values, io: CliIo): Promise<number> {
  const client = await clientFor(values, io);
  const subscription = await client.retrieve(id);
  io.stdout(values.json ? formatJson(subscription) : formatDetails(subscription));
  return 0;
}

export async function remove(id: string, values: Values, io: CliIo): Promise<number> {
  const client = await clientFor(values, io);
  const outcome = await client.delete(id);
  if (outcome === 'not-found') {
    io.stderr(`${CLI_NAME}: ${notFound(id, client)}\n`);
    return 1;
  }
  io.stdout(values.json ? formatJson({ id, deleted: true }) : `deleted ${id}\n`);
  return 0;
}

function notFound(id: string, client: ArgyleWebhooksClient): string {
  return `no subscription with id ${id} in the ${client.environment} environment (${client.baseUrl}); it may have been deleted already, "list" shows what exists`;
}
