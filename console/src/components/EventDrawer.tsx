import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api, type Params } from '../api';
import { FIELD_FILTERS } from '../columns';
import { diff, field, flatten, formatTime, str, text, timestamp, eventId, type AuditEvent } from '../event';

interface Props {
  event: AuditEvent;
  api: Api;
  fixedParams: Params;
  fixed: Record<string, string[]>;
  onClose: () => void;
  onFilter: (name: string, value: string) => void;
  onOpen: (event: AuditEvent) => void;
}

const AROUND_MS = 15 * 60_000;

/** Everything about one event: its fields, the before/after diff of audit.changes, raw JSON, and the events around it. */
export function EventDrawer({ event, api, fixedParams, fixed, onClose, onFilter, onOpen }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState('');
  const [around, setAround] = useState<{ label: string; events: AuditEvent[]; error?: string } | null>(null);
  const id = eventId(event);
  const raw = JSON.stringify(Object.fromEntries(Object.entries(event).filter(([k]) => k !== '_highlight')), null, 2);
  const changes = field(event, 'audit.changes');
  const rows = changes ? diff(field(changes, 'before'), field(changes, 'after')) : [];

  useEffect(() => {
    heading.current?.focus();
    setAround(null);
    setCopied('');
  }, [id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(raw);
      setCopied('Copied');
    } catch {
      setCopied('Copy failed: select the text and copy it by hand');
    }
  };

  const showAround = async (label: string, params: Params) => {
    const t = Date.parse(timestamp(event));
    const period: Params = [
      ['from', new Date(t - AROUND_MS).toISOString()],
      ['to', new Date(t + AROUND_MS).toISOString()],
    ];
    try {
      const page = await api.get<{ events: AuditEvent[] }>('/v1/events', [...fixedParams, ...period, ...params, ['size', '50']]);
      setAround({ label, events: page.events });
    } catch (e) {
      setAround({ label, events: [], error: e instanceof ApiError ? e.message : String(e) });
    }
  };

  const user = str(event, 'user.name') || str(event, 'user.id');
  const resourceId = str(event, 'audit.resource.id');
  return (
    <aside class="drawer" role="dialog" aria-modal="false" aria-labelledby="drawer-title">
      <header>
        <h2 id="drawer-title" tabIndex={-1} ref={heading}>
          {str(event, 'event.action')} <span class="muted">{formatTime(timestamp(event))}</span>
        </h2>
        <button type="button" class="close" onClick={onClose} aria-label="Close event">
          ×
        </button>
      </header>
      <p class="message">{str(event, 'message')}</p>

      {rows.length > 0 ? (
        <section aria-labelledby="changes-title">
          <h3 id="changes-title">Changes</h3>
          <table class="diff">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.path} class={`diff-${r.kind}`}>
                  <th scope="row">
                    {r.path} {r.kind !== 'same' ? <span class="diff-kind">{r.kind}</span> : null}
                  </th>
                  <td class="before">{r.before}</td>
                  <td class="after">{r.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section aria-labelledby="around-title">
        <h3 id="around-title">Events around this one (±15 min)</h3>
        <div class="buttons">
          {user ? (
            <button type="button" onClick={() => showAround(`same user ${user}`, [['user', user]])}>
              Same user
            </button>
          ) : null}
          {resourceId ? (
            <button type="button" onClick={() => showAround(`same resource ${resourceId}`, [['resource_id', resourceId]])}>
              Same resource
            </button>
          ) : null}
        </div>
        {around ? (
          <div class="around" aria-live="polite">
            <p>
              {around.error ? <span class="error">{around.error}</span> : `${around.events.length} events, ${around.label}`}
            </p>
            <ul>
              {around.events.map((e) => (
                <li key={eventId(e)} class={eventId(e) === id ? 'current' : ''}>
                  <button type="button" class="link" onClick={() => onOpen(e)}>
                    {formatTime(timestamp(e))} {str(e, 'event.action')} {str(e, 'user.name')}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="fields-title">
        <h3 id="fields-title">Fields</h3>
        <table class="fields">
          <tbody>
            {flatten(event).map(([path, value]) => {
              const filter = FIELD_FILTERS[path];
              const shown = text(value);
              return (
                <tr key={path}>
                  <th scope="row">{path}</th>
                  <td>
                    {shown}
                    {filter && shown && !(filter in fixed) ? (
                      <button type="button" class="small" aria-label={`Filter ${path} = ${shown}`} onClick={() => onFilter(filter, Array.isArray(value) ? text(value[0]) : shown)}>
                        filter
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="raw-title">
        <h3 id="raw-title">
          Raw JSON{' '}
          <button type="button" class="small" onClick={copy}>
            Copy
          </button>{' '}
          <span role="status">{copied}</span>
        </h3>
        <pre class="raw" tabIndex={0} aria-label="Raw JSON of the event">
          {raw}
        </pre>
      </section>
    </aside>
  );
}
