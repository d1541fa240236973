import type { Api } from '../api';
import { text } from '../event';
import { useLoad } from './useLoad';

interface Health {
  status: string;
  details?: Record<string, { status?: string; details?: Record<string, unknown> }>;
}

/** /health with credentials: Elasticsearch, the spool and retention, each with its details. */
export function HealthPage({ api }: { api: Api }) {
  const { data, error, reload } = useLoad<Health>(api, '/health');
  return (
    <main class="admin">
      <h1>
        Health <span class={`status status-${data?.status ?? 'unknown'}`}>{data?.status ?? ''}</span>
      </h1>
      <button type="button" onClick={reload}>
        Refresh
      </button>
      {error ? (
        <p role="alert" class="problem">
          {error}
        </p>
      ) : null}
      <div class="cards">
        {Object.entries(data?.details ?? {}).map(([name, component]) => (
          <section class="card" key={name}>
            <h2>
              {name} <span class={`status status-${component.status ?? ''}`}>{component.status}</span>
            </h2>
            <dl class="facts">
              {Object.entries(component.details ?? {}).map(([k, v]) => (
                <>
                  <dt key={`${k}-t`}>{k}</dt>
                  <dd key={`${k}-d`}>{text(v)}</dd>
                </>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </main>
  );
}
