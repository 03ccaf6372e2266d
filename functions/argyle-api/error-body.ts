import type { FieldErrors } from './errors';

export interface ErrorBody {
  /** One readable line, e.g. `config: only allowed for accounts.added, ...`. Empty when the body said nothing. */
  readonly message: string;
  readonly detail?: string;
  readonly fieldErrors?: FieldErrors;
}

const MAX_RAW_CHARS = 300;

/**
 * Reads an error body in Django REST Framework style: `{"detail": "..."}`, field errors such as
 * `{"config": ["..."]}` (nested fields are joined with dots), `{"non_field_errors": [...]}`, or a list of
 * messages. Anything else is kept as text, shortened.
 */
export function parseErrorBody(text: string): ErrorBody {
  const trimmed = text.trim();
  if (trimmed === '') return { message: '' };
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    return { message: shorten(trimmed) };
  }
  if (isRecord(body) && typeof body.detail === 'string' && Object.keys(body).length === 1) {
    return { message: body.detail, detail: body.detail };
  }
  const fieldErrors: Record<string, string[]> = {};
  collect(body, '', fieldErrors);
  const entries = Object.entries(fieldErrors);
  if (entries.length === 0) return { message: shorten(trimmed) };
  const message = entries
    .flatMap(([field, messages]) => messages.map((m) => (isGeneral(field) ? m : `${field}: ${m}`)))
    .join('; ');
  return { message, detail: message, fieldErrors };
}

function collect(value: unknown, field: string, into: Record<string, string[]>): void {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const key = field || 'non_field_errors';
    into[key] = [...(into[key] ?? []), String(value)];
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, field, into);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) collect(item, field ? `${field}.${key}` : key, into);
  }
}

function isGeneral(field: string): boolean {
  return field === 'non_field_errors' || field === 'detail';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > MAX_RAW_CHARS ? `${oneLine.slice(0, MAX_RAW_CHARS)}...` : oneLine;
}
