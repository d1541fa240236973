import { useLayoutEffect, useRef } from 'preact/hooks';
import { columnById } from '../columns';
import { eventId, formatTime, timestamp, type AuditEvent } from '../event';
import { Highlighted } from './Highlighted';

interface Props {
  events: AuditEvent[];
  columns: string[];
  fixed: Record<string, string[]>;
  /** performance.now() when the page's data arrived, to measure the render */
  arrivedAt: number;
  onOpen: (id: string) => void;
  onFilter: (name: string, value: string) => void;
}

/**
 * The page of events. Every value is text; a filterable value is a button that adds its filter. One click
 * handler on the body serves every button (a thousand rows hold thousands of them), keyboard included: Enter on a
 * button is a click that bubbles up.
 */
export function ResultsTable({ events, columns, fixed, arrivedAt, onOpen, onFilter }: Props) {
  const table = useRef<HTMLTableElement>(null);
  useLayoutEffect(() => {
    // measured after the DOM is built, before paint; read by the browser test and docs/console.md
    table.current?.setAttribute('data-render-ms', (performance.now() - arrivedAt).toFixed(1));
    // time from navigation to the first results on screen (docs/console.md's first-render figure)
    if (performance.getEntriesByName('first-results').length === 0) performance.mark('first-results');
  }, [events, arrivedAt]);
  const shown = columns.map((id) => columnById.get(id)).filter((c) => c !== undefined);
  return (
    <div class="table-scroll">
      <table ref={table} class="results" data-rows={events.length}>
        <caption class="visually-hidden">Matching events</caption>
        <thead>
          <tr>
            {shown.map((c) => (
              <th key={c.id} scope="col" class={`col-${c.id}`}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody
          onClick={(e) => {
            const button = (e.target as Element).closest('button');
            if (button?.dataset.open) onOpen(button.dataset.open);
            else if (button?.dataset.filter) onFilter(button.dataset.filter, button.dataset.value ?? '');
          }}
        >
          {events.map((event) => {
            const id = eventId(event);
            return (
              <tr key={id} data-event-id={id}>
                {shown.map((c) => {
                  if (c.id === 'time') {
                    return (
                      <td key="time" class="col-time">
                        <button type="button" class="open-event" data-open={id}>
                          {formatTime(timestamp(event))}
                        </button>
                      </td>
                    );
                  }
                  const fragments = c.highlight ? event._highlight?.[c.highlight] : undefined;
                  if (fragments) {
                    return (
                      <td key={c.id} class={`col-${c.id}`}>
                        <Highlighted fragments={fragments} />
                      </td>
                    );
                  }
                  const values = c.values(event);
                  return (
                    <td key={c.id} class={`col-${c.id} ${c.id === 'outcome' ? `outcome-${values[0] ?? ''}` : ''}`}>
                      {c.filter && !(c.filter in fixed)
                        ? values.map((v) => (
                            <button type="button" key={v} class="cell-filter" data-filter={c.filter} data-value={v}>
                              {v}
                            </button>
                          ))
                        : values.join(', ')}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
