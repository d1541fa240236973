import { useEffect, useState } from 'preact/hooks';
import { PRESETS } from '../search';

const HELP = [
  'Words must all match (AND). a | b: either. -word: without it.',
  '"a phrase", prefix*, word~1 (fuzzy), ( ) to group.',
  'Searches message, action, user, target and resource names, errors, reasons and the values of details and changes.',
  'No field:value syntax: use the filters for fields. Filters cannot be negated; -word works in the query only.',
];

interface Props {
  q: string;
  from: string;
  to: string;
  onSearch: (q: string, from: string, to: string) => void;
}

/** "2026-11-24T10:00:00Z" for a datetime-local value read as UTC, and back. */
const toInput = (iso: string) => (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? iso.slice(0, 16) : '');
const fromInput = (value: string) => (value ? `${value}:00Z` : '');

export function QueryBar({ q, from, to, onSearch }: Props) {
  const [query, setQuery] = useState(q);
  const [range, setRange] = useState({ from, to });
  const preset = PRESETS.some(([value]) => value === from) && !to ? from : 'custom';
  useEffect(() => setQuery(q), [q]);
  useEffect(() => setRange({ from, to }), [from, to]);

  return (
    <form
      class="querybar"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(query, range.from, range.to);
      }}
    >
      <div class="query">
        <label for="q">Search</label>
        <input
          id="q"
          name="q"
          type="search"
          value={query}
          placeholder='alice -bob "role assign" user.*'
          autocomplete="off"
          spellcheck={false}
          aria-describedby="q-help"
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <span class="help" tabIndex={0} aria-label="Query syntax help">
          ?
          <span class="tooltip" id="q-help" role="tooltip">
            {HELP.map((line) => (
              <span key={line}>{line}</span>
            ))}
          </span>
        </span>
      </div>
      <div class="time">
        <label for="preset">Period</label>
        <select
          id="preset"
          value={preset}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (value !== 'custom') {
              setRange({ from: value, to: '' });
              onSearch(query, value, '');
            } else {
              const now = new Date();
              setRange({ from: new Date(now.getTime() - 86_400_000).toISOString(), to: now.toISOString() });
            }
          }}
        >
          {PRESETS.map(([value, label]) => (
            <option key={value} value={value}>
              Last {label}
            </option>
          ))}
          <option value="custom">Absolute range</option>
        </select>
        {preset === 'custom' || !PRESETS.some(([v]) => v === range.from) ? (
          <>
            <label for="from">From (UTC)</label>
            <input id="from" type="datetime-local" value={toInput(range.from)} onInput={(e) => setRange({ ...range, from: fromInput(e.currentTarget.value) })} />
            <label for="to">To (UTC)</label>
            <input id="to" type="datetime-local" value={toInput(range.to)} onInput={(e) => setRange({ ...range, to: fromInput(e.currentTarget.value) })} />
          </>
        ) : null}
      </div>
      <button type="submit" class="primary">
        Search
      </button>
    </form>
  );
}
