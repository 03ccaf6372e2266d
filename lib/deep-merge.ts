/**
 * How one configuration layer goes over another (an environment's settings over the shared ones, `-c` over
 * cdk.json): objects are merged key by key, anything else (lists included) is replaced whole.
 */

/** Whether `value` is a plain JSON object (not a list, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `over` merged over `base`: nested objects merged key by key, lists and other values replaced. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = deepMerge(base[key], value);
  return merged;
}
