import { useState } from 'preact/hooks';
import type { Api } from '../api';
import { formatTime } from '../event';
import { message, useLoad } from './useLoad';

interface Hold {
  id: string;
  from: string;
  to: string;
  tenant?: string | null;
  reason: string;
  set_by: string;
  set_at: string;
  active: boolean;
  released_by?: string;
  released_at?: string;
}

/** Legal holds: set one (dates or RFC 3339 times), list, release. */
export function HoldsPage({ api }: { api: Api }) {
  const { data, error, reload } = useLoad<{ holds: Hold[] }>(api, '/v1/retention/holds');
  const [form, setForm] = useState({ from: '', to: '', tenant: '', reason: '' });
  const [status, setStatus] = useState('');
  const set = async (e: Event) => {
    e.preventDefault();
    try {
      const body: Record<string, string> = { from: form.from, to: form.to, reason: form.reason };
      if (form.tenant.trim()) body.tenant = form.tenant.trim();
      const hold = await api.post<Hold>('/v1/retention/holds', body);
      setStatus(`Hold ${hold.id} set.`);
      setForm({ from: '', to: '', tenant: '', reason: '' });
      reload();
    } catch (err) {
      setStatus(message(err));
    }
  };
  const release = async (id: string) => {
    try {
      await api.delete(`/v1/retention/holds/${encodeURIComponent(id)}`);
      setStatus(`Hold ${id} released.`);
      reload();
    } catch (err) {
      setStatus(message(err));
    }
  };
  return (
    <main class="admin">
      <h1>Legal holds</h1>
      <form class="card" onSubmit={set}>
        <h2>Set a hold</h2>
        <label for="hold-from">From (date or RFC 3339)</label>
        <input id="hold-from" required placeholder="2025-10-01" value={form.from} onInput={(e) => setForm({ ...form, from: e.currentTarget.value })} />
        <label for="hold-to">To</label>
        <input id="hold-to" required placeholder="2025-12-31" value={form.to} onInput={(e) => setForm({ ...form, to: e.currentTarget.value })} />
        <label for="hold-tenant">Tenant (optional)</label>
        <input id="hold-tenant" value={form.tenant} onInput={(e) => setForm({ ...form, tenant: e.currentTarget.value })} />
        <label for="hold-reason">Reason</label>
        <textarea id="hold-reason" required maxLength={2000} value={form.reason} onInput={(e) => setForm({ ...form, reason: e.currentTarget.value })} />
        <button type="submit" class="primary">
          Set hold
        </button>
      </form>
      {status || error ? (
        <p role="alert" class="problem">
          {status || error}
        </p>
      ) : null}
      <table class="admin-table">
        <thead>
          <tr>
            {['Period', 'Tenant', 'Reason', 'Set', 'State', ''].map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(data?.holds ?? []).map((h) => (
            <tr key={h.id}>
              <td>
                {formatTime(h.from)} – {formatTime(h.to)}
              </td>
              <td>{h.tenant ?? 'all'}</td>
              <td>{h.reason}</td>
              <td>
                {formatTime(h.set_at)} by {h.set_by}
              </td>
              <td>{h.active ? 'active' : `released ${h.released_at ? formatTime(h.released_at) : ''} by ${h.released_by ?? ''}`}</td>
              <td>
                {h.active ? (
                  <button type="button" onClick={() => release(h.id)} aria-label={`Release hold ${h.reason}`}>
                    Release
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
