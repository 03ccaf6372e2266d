/**
 * What the fake Argyle API checks in a request before it acts: a create body (fields and the config rules Argyle
 * quotes in its 400s) and the list's filters, answered as Django REST Framework style field errors.
 */
import type { FakeWebhook } from './fake-argyle-api';

/**
 * Events Argyle accepts a config with; its 400 quotes this list. verifications.updated takes include_resource
 * (https://docs.argyle.com/api-reference/verifications-webhooks/updated).
 */
export const CONFIG_EVENTS = [
  'accounts.added',
  'accounts.connected',
  'accounts.failed',
  'accounts.updated',
  'gigs.partially_synced',
  'items.removed',
  'items.updated',
  'paystubs.partially_synced',
  'shifts.partially_synced',
  'verifications.updated',
];
export const INCLUDE_RESOURCE_EVENTS = [
  'accounts.added',
  'accounts.connected',
  'accounts.failed',
  'accounts.updated',
  'verifications.updated',
];

/**
 * The list's filters (`from_created_at`, `to_created_at`: inclusive date-times) and `ordering` (`id` or
 * `created_at`, ascending; without it, newest first), or DRF-style field errors for values it cannot read.
 */
export function listSelection(query: URLSearchParams):
  | {
      readonly filter: (webhook: FakeWebhook) => boolean;
      readonly compare: ((a: FakeWebhook, b: FakeWebhook) => number) | undefined;
    }
  | { readonly errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const bound = (name: string): number | undefined => {
    const value = query.get(name);
    if (value === null) return undefined;
    const time = Date.parse(value);
    if (Number.isNaN(time)) errors[name] = ['Enter a valid date/time.'];
    return time;
  };
  const from = bound('from_created_at');
  const to = bound('to_created_at');
  const ordering = query.get('ordering');
  if (ordering !== null && ordering !== 'id' && ordering !== 'created_at') {
    errors.ordering = [`Select a valid choice. ${ordering} is not one of the available choices.`];
  }
  if (Object.keys(errors).length > 0) return { errors };
  const created = (webhook: FakeWebhook) => Date.parse(webhook.created_at);
  return {
    filter: (webhook) =>
      (from === undefined || created(webhook) >= from) && (to === undefined || created(webhook) <= to),
    compare:
      ordering === 'id'
        ? (a, b) => a.id.localeCompare(b.id)
        : ordering === 'created_at'
          ? (a, b) => created(a) - created(b) || a.id.localeCompare(b.id)
          : undefined,
  };
}

/** Field errors in Argyle's (DRF) shape; empty when the body is acceptable. */
export function validateCreate(input: unknown): Record<string, string[]> {
  if (!isRecord(input)) return { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] };
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => {
    errors[field] = [...(errors[field] ?? []), message];
  };
  for (const field of ['name', 'url']) {
    const value = input[field];
    if (value === undefined || value === null) add(field, 'This field is required.');
    else if (typeof value !== 'string' || value.trim() === '') add(field, 'This field may not be blank.');
  }
  if (typeof input.url === 'string' && input.url.trim() !== '' && !/^https?:\/\/[^\s/]+/.test(input.url)) {
    add('url', 'Enter a valid URL.');
  }
  const events = input.events;
  if (events === undefined || events === null) add('events', 'This field is required.');
  else if (!Array.isArray(events) || events.some((e) => typeof e !== 'string')) {
    add('events', 'Expected a list of items but got type "str".');
  } else if (events.length === 0) add('events', 'This list may not be empty.');
  if (input.secret !== undefined && input.secret !== null && typeof input.secret !== 'string') {
    add('secret', 'Not a valid string.');
  }
  if (input.config !== undefined && input.config !== null && !isRecord(input.config)) {
    add('config', 'Expected a dictionary of items.');
  }
  if (Object.keys(errors).length > 0) return errors;
  for (const message of configErrors(events as string[], (input.config ?? {}) as Record<string, unknown>)) {
    add('config', message);
  }
  return errors;
}

export function configErrors(events: string[], config: Record<string, unknown>): string[] {
  const itemEvents = events.filter((e) => e === 'items.updated' || e === 'items.removed');
  if (Object.keys(config).length === 0) {
    return itemEvents.length > 0 ? [`items is required for ${itemEvents.join(', ')}`] : [];
  }
  if (events.some((e) => !CONFIG_EVENTS.includes(e))) return [`only allowed for ${CONFIG_EVENTS.join(', ')}`];
  const messages: string[] = [];
  const only = (key: string, allowed: (e: string) => boolean, label: string) => {
    if (config[key] !== undefined && !events.every(allowed))
      messages.push(`${key} only allowed for ${label}`);
  };
  only('include_resource', (e) => INCLUDE_RESOURCE_EVENTS.includes(e), INCLUDE_RESOURCE_EVENTS.join(', '));
  only(
    'days_synced',
    (e) => e.endsWith('.partially_synced'),
    'gigs.partially_synced, paystubs.partially_synced, shifts.partially_synced',
  );
  only('items', (e) => e.startsWith('items.'), 'items.removed, items.updated');
  if (config.include_resource !== undefined && typeof config.include_resource !== 'boolean') {
    messages.push('include_resource must be a boolean');
  }
  const days = config.days_synced;
  if (days !== undefined && !(typeof days === 'number' && Number.isInteger(days) && days > 0)) {
    messages.push('days_synced must be a positive integer');
  }
  const items = config.items;
  if (items !== undefined && !(Array.isArray(items) && items.length >= 1 && items.length <= 30)) {
    messages.push('items must contain between 1 and 30 item ids');
  }
  if (itemEvents.length > 0 && items === undefined)
    messages.push(`items is required for ${itemEvents.join(', ')}`);
  return messages;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
