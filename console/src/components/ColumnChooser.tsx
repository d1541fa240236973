import { COLUMNS } from '../columns';

interface Props {
  columns: string[];
  onChange: (columns: string[]) => void;
}

export function ColumnChooser({ columns, onChange }: Props) {
  return (
    <details class="columns">
      <summary>Columns</summary>
      <fieldset>
        <legend class="visually-hidden">Shown columns</legend>
        {COLUMNS.map((c) => (
          <label key={c.id}>
            <input
              type="checkbox"
              name={`col-${c.id}`}
              checked={columns.includes(c.id)}
              disabled={c.id === 'time'}
              onChange={(e) =>
                onChange(e.currentTarget.checked ? COLUMNS.map((x) => x.id).filter((id) => id === c.id || columns.includes(id)) : columns.filter((id) => id !== c.id))
              }
            />
            {c.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
