import { field, str, text, type AuditEvent } from './event';

/** A column of the results table: what it shows, which filter a click on its value adds, which highlight replaces it. */
export interface Column {
  id: string;
  label: string;
  values: (event: AuditEvent) => string[];
  filter?: string;
  highlight?: string;
}

const values = (path: string) => (event: AuditEvent) => {
  const value = field(event, path);
  if (Array.isArray(value)) return value.map(text).filter((v) => v);
  const one = text(value);
  return one ? [one] : [];
};

const first = (...paths: string[]) => (event: AuditEvent) => {
  for (const path of paths) {
    const value = str(event, path);
    if (value) return [value];
  }
  return [];
};

export const COLUMNS: Column[] = [
  { id: 'time', label: 'Time (UTC)', values: values('@timestamp') },
  { id: 'actor', label: 'Actor', values: first('user.name', 'user.id'), filter: 'user', highlight: 'user.name.text' },
  { id: 'action', label: 'Action', values: values('event.action'), filter: 'action', highlight: 'event.action.text' },
  { id: 'target', label: 'Target', values: first('user.target.name', 'user.target.id'), filter: 'target_user', highlight: 'user.target.name.text' },
  { id: 'resource', label: 'Resource', values: values('audit.resource.id'), filter: 'resource_id' },
  { id: 'resource_type', label: 'Resource type', values: values('audit.resource.type'), filter: 'resource_type' },
  { id: 'outcome', label: 'Outcome', values: values('event.outcome'), filter: 'outcome' },
  { id: 'source_ip', label: 'Source IP', values: values('source.ip'), filter: 'source_ip' },
  { id: 'message', label: 'Message', values: values('message'), highlight: 'message' },
  { id: 'service', label: 'Service', values: values('service.name'), filter: 'service' },
  { id: 'tenant', label: 'Tenant', values: values('organization.id'), filter: 'tenant' },
  { id: 'category', label: 'Category', values: values('event.category'), filter: 'category' },
  { id: 'type', label: 'Type', values: values('event.type'), filter: 'type' },
  { id: 'level', label: 'Level', values: values('log.level'), filter: 'level' },
  { id: 'tags', label: 'Tags', values: values('tags'), filter: 'tag' },
  { id: 'event_id', label: 'Event id', values: values('event.id') },
];

export const columnById = new Map(COLUMNS.map((c) => [c.id, c]));

/** Fields of the event drawer that a click turns into a filter. */
export const FIELD_FILTERS: Record<string, string> = {
  'event.action': 'action',
  'event.outcome': 'outcome',
  'event.category': 'category',
  'event.type': 'type',
  'user.name': 'user',
  'user.id': 'user',
  'user.target.name': 'target_user',
  'user.target.id': 'target_user',
  'audit.resource.type': 'resource_type',
  'audit.resource.id': 'resource_id',
  'source.ip': 'source_ip',
  'organization.id': 'tenant',
  'service.name': 'service',
  'log.level': 'level',
  tags: 'tag',
};
