import type { Api } from '../api';
import { formatTime } from '../event';
import { useLoad } from './useLoad';

interface DeadLetter {
  id: string;
  index: string;
  status: number;
  errorType: string;
  reason: string;
  failedAt: string;
  source: string;
}

/** Events Elasticsearch refused for good, newest first; read only (the API has no replay). */
export function DeadLettersPage({ api }: { api: Api }) {
  const { data, error } = useLoad<{ total: number; deadLetters: DeadLetter[] }>(api, '/v1/admin/dead-letters?limit=200');
  return (
    <main class="admin">
      <h1>Dead letters</h1>
      {error ? (
        <p role="alert" class="problem">
          {error}
        </p>
      ) : null}
      {data ? <p>{data.total.toLocaleString('en')} kept. The service has no replay: fix the sender and send the events again.</p> : null}
      <table class="admin-table">
        <thead>
          <tr>
            {['Failed', 'Index', 'Error', 'Event'].map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(data?.deadLetters ?? []).map((d) => (
            <tr key={d.id}>
              <td>{formatTime(d.failedAt)}</td>
              <td>{d.index}</td>
              <td>
                {d.status} {d.errorType}: {d.reason}
              </td>
              <td>
                <details>
                  <summary>{d.id}</summary>
                  <pre class="raw">{d.source}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
