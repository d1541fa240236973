import type { Api } from '../api';
import { formatTime } from '../event';
import { useLoad } from './useLoad';

interface Retention {
  mode: string;
  period_days: number;
  // empty lists are left out of the answer
  last_sweep: { at: string; deleted?: string[]; kept_by_holds?: string[] } | null;
  indices?: Array<{ index: string; docs_count: number; size_bytes: number; delete_due: string; due: boolean; held_by?: string[] }>;
}

/** Who deletes, after how long, the last sweep and every dated index with its due date and holds. */
export function RetentionPage({ api }: { api: Api }) {
  const { data, error } = useLoad<Retention>(api, '/v1/retention');
  return (
    <main class="admin">
      <h1>Retention</h1>
      {error ? (
        <p role="alert" class="problem">
          {error}
        </p>
      ) : null}
      {data ? (
        <>
          <dl class="facts">
            <dt>Deleted by</dt>
            <dd>{data.mode === 'ilm' ? 'Elasticsearch ILM' : 'the service'}</dd>
            <dt>Kept for</dt>
            <dd>{data.period_days} days</dd>
            <dt>Last sweep</dt>
            <dd>
              {data.last_sweep
                ? `${formatTime(data.last_sweep.at)}: ${data.last_sweep.deleted?.length ?? 0} deleted, ${data.last_sweep.kept_by_holds?.length ?? 0} kept by holds`
                : 'none yet'}
            </dd>
          </dl>
          <table class="admin-table">
            <thead>
              <tr>
                {['Index', 'Events', 'Size', 'Deletion due', 'Held by'].map((h) => (
                  <th scope="col" key={h}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(data.indices ?? []).map((i) => (
                <tr key={i.index} class={i.due ? 'due' : ''}>
                  <td>{i.index}</td>
                  <td class="number">{i.docs_count.toLocaleString('en')}</td>
                  <td class="number">{(i.size_bytes / 1_048_576).toFixed(1)} MiB</td>
                  <td>
                    {formatTime(i.delete_due)} {i.due ? '(due)' : ''}
                  </td>
                  <td>{(i.held_by ?? []).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </main>
  );
}
