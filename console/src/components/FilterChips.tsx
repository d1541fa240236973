import { useState } from 'preact/hooks';
import { FILTERS, filterLabel, isFilterName } from '../search';

interface Props {
  filters: Array<[string, string]>;
  fixed: Record<string, string[]>;
  onRemove: (name: string, value: string) => void;
  onAdd: (name: string, value: string) => void;
}

/** The active filters as chips; fixed ones (an embed token's) cannot be removed. Filters have no negation in the API. */
export function FilterChips({ filters, fixed, onRemove, onAdd }: Props) {
  const [name, setName] = useState('action');
  const [detailKey, setDetailKey] = useState('');
  const [value, setValue] = useState('');
  const fixedChips = Object.entries(fixed).flatMap(([n, values]) => values.map((v) => [n, v] as [string, string]));
  const paramName = name === 'details' ? `details.${detailKey.trim()}` : name;
  return (
    <div class="chips" aria-label="Filters">
      <ul>
        {fixedChips.map(([n, v]) => (
          <li class="chip fixed" key={`fixed-${n}-${v}`} title="Fixed by this view's token">
            <span class="chip-name">{filterLabel(n)}</span> {v} <span class="lock" aria-label="fixed">(fixed)</span>
          </li>
        ))}
        {filters.map(([n, v]) => (
          <li class="chip" key={`${n}-${v}`}>
            <span class="chip-name">{filterLabel(n)}</span> {v}
            <button type="button" class="chip-remove" aria-label={`Remove filter ${filterLabel(n)} ${v}`} onClick={() => onRemove(n, v)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        class="add-filter"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim() && isFilterName(paramName)) {
            onAdd(paramName, value.trim());
            setValue('');
          }
        }}
      >
        <label for="filter-name">Add filter</label>
        <select id="filter-name" value={name} onChange={(e) => setName(e.currentTarget.value)}>
          {Object.entries(FILTERS)
            .filter(([n]) => !(n in fixed))
            .map(([n, label]) => (
              <option key={n} value={n}>
                {label}
              </option>
            ))}
          <option value="details">Details key…</option>
        </select>
        {name === 'details' ? (
          <>
            <label for="filter-key" class="visually-hidden">
              Details key
            </label>
            <input id="filter-key" placeholder="key" value={detailKey} size={10} onInput={(e) => setDetailKey(e.currentTarget.value)} />
          </>
        ) : null}
        <label for="filter-value" class="visually-hidden">
          Filter value
        </label>
        <input id="filter-value" placeholder="value or prefix*" value={value} size={16} onInput={(e) => setValue(e.currentTarget.value)} />
        <button type="submit">Add</button>
      </form>
    </div>
  );
}
