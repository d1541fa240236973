import { filterLabel } from '../search';

export interface Facet {
  field: string;
  /** left out of the answer when empty */
  values?: Array<{ value: string; count: number }>;
  other?: number;
}

interface Props {
  facets: Record<string, Facet>;
  fixed: Record<string, string[]>;
  onPick: (name: string, value: string) => void;
}

/** Top values per field; clicking one adds it as a filter. */
export function Facets({ facets, fixed, onPick }: Props) {
  return (
    <nav class="facets" aria-label="Top values">
      {Object.entries(facets).map(([name, facet]) => (
        <section key={name} class="facet">
          <h3>{filterLabel(name)}</h3>
          {(facet.values ?? []).length === 0 ? <p class="muted">none</p> : null}
          <ul>
            {(facet.values ?? []).map(({ value, count }) => (
              <li key={value}>
                <button
                  type="button"
                  class="facet-value"
                  disabled={name in fixed}
                  title={`Filter ${filterLabel(name)} = ${value}`}
                  onClick={() => onPick(name, value)}
                >
                  <span class="facet-label">{value}</span>
                  <span class="count">{count.toLocaleString('en')}</span>
                </button>
              </li>
            ))}
          </ul>
          {(facet.other ?? 0) > 0 ? <p class="muted">{facet.other!.toLocaleString('en')} other</p> : null}
        </section>
      ))}
    </nav>
  );
}
