import type { Params } from './api';

/** The filters of the API (docs/api.md#filters); values of one filter are OR-ed, filters AND-ed. There is no negation. */
export const FILTERS: Record<string, string> = {
  action: 'Action',
  outcome: 'Outcome',
  category: 'Category',
  type: 'Type',
  user: 'User',
  target_user: 'Target user',
  resource_type: 'Resource type',
  resource_id: 'Resource id',
  source_ip: 'Source IP',
  tenant: 'Tenant',
  service: 'Service',
  level: 'Level',
  tag: 'Tag',
};

export const isFilterName = (name: string) => name in FILTERS || /^details\.[A-Za-z0-9_@-][A-Za-z0-9_.@-]{0,127}$/.test(name);

export const filterLabel = (name: string) => FILTERS[name] ?? name;

export const PRESETS: Array<[string, string]> = [
  ['now-15m', '15 min'],
  ['now-1h', '1 h'],
  ['now-4h', '4 h'],
  ['now-24h', '24 h'],
  ['now-7d', '7 days'],
  ['now-30d', '30 days'],
  ['now-90d', '90 days'],
];

export const DEFAULT_FROM = 'now-24h';
export const DEFAULT_COLUMNS = ['time', 'actor', 'action', 'target', 'resource', 'outcome', 'source_ip', 'message'];
export const PAGE_SIZES = [50, 100, 250, 1000];

export interface SearchState {
  q: string;
  from: string;
  to: string;
  filters: Array<[string, string]>;
  sort: 'desc' | 'asc';
  size: number;
  cols: string[];
  /** the event.id whose drawer is open */
  ev: string | null;
}

export function emptyState(): SearchState {
  return { q: '', from: DEFAULT_FROM, to: '', filters: [], sort: 'desc', size: 50, cols: DEFAULT_COLUMNS, ev: null };
}

/** Reads the console's URL: the API's own parameter names, plus cols and ev. Credentials are never in it. */
export function readState(search: string): SearchState {
  const url = new URLSearchParams(search);
  const state = emptyState();
  state.q = url.get('q') ?? '';
  state.from = url.has('from') ? url.get('from') ?? '' : DEFAULT_FROM;
  state.to = url.get('to') ?? '';
  state.sort = url.get('sort') === 'asc' ? 'asc' : 'desc';
  const size = Number(url.get('size'));
  state.size = PAGE_SIZES.includes(size) ? size : 50;
  const cols = url.get('cols');
  if (cols) state.cols = cols.split(',').filter((c) => c);
  state.ev = url.get('ev');
  for (const [name, value] of url) {
    if (isFilterName(name) && value && !state.filters.some(([n, v]) => n === name && v === value)) {
      state.filters.push([name, value]);
    }
  }
  return state;
}

export function writeState(state: SearchState): string {
  const url = new URLSearchParams();
  if (state.q) url.set('q', state.q);
  url.set('from', state.from);
  if (state.to) url.set('to', state.to);
  for (const [name, value] of state.filters) url.append(name, value);
  if (state.sort !== 'desc') url.set('sort', state.sort);
  if (state.size !== 50) url.set('size', String(state.size));
  if (state.cols.join(',') !== DEFAULT_COLUMNS.join(',')) url.set('cols', state.cols.join(','));
  if (state.ev) url.set('ev', state.ev);
  return `?${url.toString()}`;
}

/** The filter parameters of a read (search, aggregate, export), fixed filters of an embed token first. */
export function filterParams(state: SearchState, fixed: Record<string, string[]> = {}): Params {
  const params: Params = [];
  for (const [name, values] of Object.entries(fixed)) for (const v of values) params.push([name, v]);
  if (state.q.trim()) params.push(['q', state.q.trim()]);
  if (state.from) params.push(['from', state.from]);
  if (state.to) params.push(['to', state.to]);
  for (const [name, value] of state.filters) if (!(name in fixed)) params.push([name, value]);
  return params;
}

export function withFilter(state: SearchState, name: string, value: string): SearchState {
  if (state.filters.some(([n, v]) => n === name && v === value)) return state;
  return { ...state, filters: [...state.filters, [name, value]], ev: null };
}

export function withoutFilter(state: SearchState, name: string, value: string): SearchState {
  return { ...state, filters: state.filters.filter(([n, v]) => !(n === name && v === value)), ev: null };
}

/** Facets the search screen counts; a tenant-bound caller has no use for the tenant facet. */
export function facetsFor(tenant: string | null): string[] {
  const base = ['action', 'outcome', 'user', 'source_ip', 'resource_type', 'service'];
  return tenant ? base : [...base, 'tenant'];
}
