/**
 * The archive's key layout (docs/archive.md): `deliveries/v1/date=YYYY-MM-DD/hour=HH/family=<family>/<first
 * received-at>-<batch id>.jsonl.gz`. A delivery's hour is when API Gateway received it (UTC), never when it was
 * archived, so a time range is a list of hour prefixes, and an event family one more level. Pure.
 */
import { ARCHIVE_KEY_PREFIX } from '../shared/contract';

const HOUR_MS = 3_600_000;

/** Family of a delivery without an Argyle envelope (a catch-all message that is not JSON or has no event). */
export const NO_FAMILY = '_none';
/** Family of an event name outside Argyle's grammar (`<resource>.<action>` in lower case). */
export const OTHER_FAMILY = '_other';

/** The event family a key uses: the resource part of the event name (`accounts` for `accounts.connected`). */
export function archiveFamily(event: string | undefined): string {
  if (event === undefined) return NO_FAMILY;
  const match = /^([a-z][a-z0-9_]{0,63})\.[a-z0-9_*]+$/.exec(event);
  return match?.[1] ?? OTHER_FAMILY;
}

/** The start of the hour (UTC) that holds `at`. */
export function hourStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/** The prefix of one hour: `deliveries/v1/date=2026-12-03/hour=10/`. */
export function hourPrefix(hour: Date): string {
  const iso = hour.toISOString();
  return `${ARCHIVE_KEY_PREFIX}date=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/`;
}

/** The prefix of one hour and family: `deliveries/v1/date=2026-12-03/hour=10/family=accounts/`. */
export function groupPrefix(hour: Date, family: string): string {
  return `${hourPrefix(hour)}family=${family}/`;
}

/** The key of one object: its group's prefix, then when its first delivery was received and the batch's id. */
export function objectKey(prefix: string, firstReceivedAt: Date, batchId: string): string {
  const compact = firstReceivedAt.toISOString().replace(/[-:]/g, '');
  return `${prefix}${compact}-${batchId}.jsonl.gz`;
}

/** Every hour that holds a moment of [from, to), in order. */
export function hoursBetween(from: Date, to: Date): Date[] {
  const hours: Date[] = [];
  for (let hour = hourStart(from).getTime(); hour < to.getTime(); hour += HOUR_MS) hours.push(new Date(hour));
  return hours;
}
