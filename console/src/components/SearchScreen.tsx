import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, type Api, type Params } from '../api';
import { eventId, type AuditEvent } from '../event';
import { filterParams, PAGE_SIZES, withFilter, withoutFilter, type SearchState } from '../search';
import { ColumnChooser } from './ColumnChooser';
import { EventDrawer } from './EventDrawer';
import { Facets, type Facet } from './Facets';
import { FilterChips } from './FilterChips';
import { QueryBar } from './QueryBar';
import { ResultsTable } from './ResultsTable';
import { Timeline, type Bucket } from './Timeline';

interface Props {
  api: Api;
  state: SearchState;
  setState: (state: SearchState) => void;
  /** an embed token's filters: always sent, never removable */
  fixed?: Record<string, string[]>;
  /** facets to count; a tenant-bound caller has no use for the tenant facet */
  facets: string[];
  allowExport?: boolean;
}

interface Page {
  events: AuditEvent[];
  total: { value: number; relation: string };
  next_cursor: string | null;
}

interface Aggregation {
  total: { value: number };
  // empty lists and maps are left out of the answer
  timeline: { interval: string; buckets?: Bucket[] };
  facets?: Record<string, Facet>;
}

const NO_FIXED = {};

/** The investigation screen: query, period, filters, timeline, facets, the events and one event's drawer. */
export function SearchScreen({ api, state, setState, fixed = NO_FIXED, facets, allowExport = true }: Props) {
  const params = useMemo(() => filterParams(state, fixed), [state.q, state.from, state.to, state.filters, fixed]);
  const fixedParams = useMemo(() => filterParams({ ...state, q: '', from: '', to: '', filters: [] }, fixed), [fixed]);
  const key = JSON.stringify([params, state.sort, state.size]);
  const [page, setPage] = useState<Page | null>(null);
  const [arrivedAt, setArrivedAt] = useState(0);
  const [cursors, setCursors] = useState<string[]>([]);
  const [aggregation, setAggregation] = useState<Aggregation | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [opened, setOpened] = useState<AuditEvent | null>(null);
  const [exportStatus, setExportStatus] = useState('');

  const pageParams = (cursor: string | undefined): Params => {
    const p: Params = [...params, ['size', String(state.size)]];
    if (state.sort !== 'desc') p.push(['sort', state.sort]);
    if (state.q.trim()) p.push(['highlight', 'true']);
    if (cursor) p.push(['cursor', cursor]);
    return p;
  };

  const loadPage = async (cursor: string | undefined, trail: string[]) => {
    setLoading(true);
    try {
      const result = await api.get<Page>('/v1/events', pageParams(cursor));
      result.events ??= [];
      setArrivedAt(performance.now());
      setPage(result);
      setCursors(trail);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), ''));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    setPage(null);
    setAggregation(null);
    loadPage(undefined, []);
    const aggregate: Params = [...params, ...facets.map((f): [string, string] => ['facet', f]), ['facet_size', '8']];
    api
      .get<Aggregation>('/v1/events/_aggregate', aggregate)
      .then(setAggregation)
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), '')));
  }, [key]);

  // the open event: from the page, else fetched by id (not for embed tokens: they read through searches only)
  useEffect(() => {
    if (!state.ev) return setOpened(null);
    const onPage = page?.events.find((e) => eventId(e) === state.ev);
    if (onPage) return setOpened(onPage);
    if (opened && eventId(opened) === state.ev) return;
    if (api.scheme !== 'Viewer' && page) {
      api.get<AuditEvent>(`/v1/events/${encodeURIComponent(state.ev)}`).then(setOpened, (e) => setError(e));
    }
  }, [state.ev, page]);

  const addFilter = useCallback((name: string, value: string) => setState(withFilter(state, name, value)), [state]);
  const open = (id: string) => setState({ ...state, ev: id });
  const close = useCallback(() => setState({ ...state, ev: null }), [state]);

  const exportAs = async (format: 'ndjson' | 'csv') => {
    setExportStatus(`Exporting ${format.toUpperCase()}…`);
    try {
      const { name, bytes } = await api.download('/v1/events/_export', [...params, ['format', format]], `audit-events.${format}`);
      setExportStatus(`Saved ${name} (${bytes.toLocaleString('en')} bytes)`);
    } catch (e) {
      setExportStatus(e instanceof ApiError ? `Export failed: ${e.message}` : String(e));
    }
  };

  const first = cursors.length * state.size;
  return (
    <div class="search-screen">
      <QueryBar q={state.q} from={state.from} to={state.to} onSearch={(q, from, to) => setState({ ...state, q, from, to, ev: null })} />
      <FilterChips
        filters={state.filters}
        fixed={fixed}
        onAdd={addFilter}
        onRemove={(name, value) => setState(withoutFilter(state, name, value))}
      />
      {error ? (
        <div class="problem" role="alert">
          <strong>{error.title}</strong> {error.detail} {error.slug ? <code>{error.slug}</code> : null}
        </div>
      ) : null}
      {aggregation ? (
        <Timeline
          buckets={aggregation.timeline.buckets ?? []}
          interval={aggregation.timeline.interval}
          total={aggregation.total.value}
          onBrush={(from, to) => setState({ ...state, from, to, ev: null })}
        />
      ) : null}
      <div class="workspace">
        {aggregation ? <Facets facets={aggregation.facets ?? {}} fixed={fixed} onPick={addFilter} /> : null}
        <main class="results-pane" aria-busy={loading}>
          <div class="toolbar">
            <p class="summary" role="status">
              {page
                ? page.events.length === 0
                  ? 'No events match.'
                  : `Events ${(first + 1).toLocaleString('en')}–${(first + page.events.length).toLocaleString('en')} of ${page.total.relation === 'gte' ? 'more than ' : ''}${page.total.value.toLocaleString('en')}`
                : loading
                  ? 'Searching…'
                  : ''}
            </p>
            <label>
              Per page{' '}
              <select value={state.size} onChange={(e) => setState({ ...state, size: Number(e.currentTarget.value) })}>
                {PAGE_SIZES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Order{' '}
              <select value={state.sort} onChange={(e) => setState({ ...state, sort: e.currentTarget.value as 'asc' | 'desc' })}>
                <option value="desc">newest first</option>
                <option value="asc">oldest first</option>
              </select>
            </label>
            <ColumnChooser columns={state.cols} onChange={(cols) => setState({ ...state, cols })} />
            {allowExport ? (
              <span class="export">
                <button type="button" onClick={() => exportAs('ndjson')}>
                  Export NDJSON
                </button>
                <button type="button" onClick={() => exportAs('csv')}>
                  Export CSV
                </button>
                <span role="status" class="muted">
                  {exportStatus}
                </span>
              </span>
            ) : null}
          </div>
          {page ? (
            <ResultsTable events={page.events} columns={state.cols} fixed={fixed} arrivedAt={arrivedAt} onOpen={open} onFilter={addFilter} />
          ) : null}
          <nav class="pager" aria-label="Pages">
            <button type="button" disabled={cursors.length === 0 || loading} onClick={() => loadPage(undefined, [])}>
              First page
            </button>
            <button
              type="button"
              disabled={cursors.length === 0 || loading}
              onClick={() => loadPage(cursors[cursors.length - 2] || undefined, cursors.slice(0, -1))}
            >
              Previous page
            </button>
            <button type="button" disabled={!page?.next_cursor || loading} onClick={() => loadPage(page!.next_cursor!, [...cursors, page!.next_cursor!])}>
              Next page
            </button>
          </nav>
        </main>
        {opened ? (
          <EventDrawer
            event={opened}
            api={api}
            fixedParams={fixedParams}
            fixed={fixed}
            onClose={close}
            onFilter={addFilter}
            onOpen={(e) => {
              setOpened(e);
              setState({ ...state, ev: eventId(e) });
            }}
          />
        ) : null}
      </div>
    </div>
  );
}
