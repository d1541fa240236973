/** Reading stored ECS documents: dotted paths, flattening, and the before/after diff of audit.changes. */

export type AuditEvent = Record<string, unknown> & { _highlight?: Record<string, string[]> };

export function field(event: unknown, path: string): unknown {
  if (event && typeof event === 'object' && path in (event as object)) return (event as Record<string, unknown>)[path];
  let node: unknown = event;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    if (!node || typeof node !== 'object') return undefined;
    const record = node as Record<string, unknown>;
    // a dotted key stored as such ("user.target.name") as well as nested objects
    const rest = parts.slice(i).join('.');
    if (rest in record) return record[rest];
    node = record[parts[i]];
  }
  return node;
}

export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(text).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export const str = (event: unknown, path: string) => text(field(event, path));

/** Every leaf as [dotted path, value]; arrays of scalars stay one value. */
export function flatten(value: unknown, prefix = '', out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.push([prefix, {}]);
    for (const [key, child] of entries) {
      if (key === '_highlight') continue;
      flatten(child, prefix ? `${prefix}.${key}` : key, out);
    }
  } else {
    out.push([prefix, value]);
  }
  return out;
}

export type Change = { path: string; before: string; after: string; kind: 'added' | 'removed' | 'changed' | 'same' };

export function diff(before: unknown, after: unknown): Change[] {
  const b = new Map(flatten(before ?? {}).map(([k, v]) => [k, text(v)]));
  const a = new Map(flatten(after ?? {}).map(([k, v]) => [k, text(v)]));
  const paths = [...new Set([...b.keys(), ...a.keys()])].sort();
  return paths.map((path) => {
    const was = b.get(path);
    const is = a.get(path);
    const kind = was === undefined ? 'added' : is === undefined ? 'removed' : was === is ? 'same' : 'changed';
    return { path, before: was ?? '', after: is ?? '', kind };
  });
}

export const eventId = (event: AuditEvent) => str(event, 'event.id');
export const timestamp = (event: AuditEvent) => str(event, '@timestamp');

/** 2026-11-24T10:00:00.000Z as "2026-11-24 10:00:00Z" (UTC, as the service stores it). */
export function formatTime(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]}Z` : iso;
}
