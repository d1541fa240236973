import { useState } from 'preact/hooks';
import type { Api } from '../api';
import { formatTime } from '../event';
import { message, useLoad } from './useLoad';

interface Key {
  id: string;
  name: string;
  roles: string[];
  tenant?: string | null;
  created_at: string;
  created_by?: string;
  revoked_at?: string | null;
  key?: string;
}

const ROLES = ['ingest', 'read', 'admin'];

/** API keys: create (the key is shown once), list, revoke. */
export function KeysPage({ api }: { api: Api }) {
  const { data, error, reload } = useLoad<{ keys: Key[] }>(api, '/v1/admin/keys');
  const [form, setForm] = useState({ name: '', roles: ['read'], tenant: '' });
  const [created, setCreated] = useState<Key | null>(null);
  const [confirming, setConfirming] = useState('');
  const [status, setStatus] = useState('');

  const create = async (e: Event) => {
    e.preventDefault();
    try {
      const body: Record<string, unknown> = { name: form.name, roles: form.roles };
      if (form.tenant.trim()) body.tenant = form.tenant.trim();
      setCreated(await api.post<Key>('/v1/admin/keys', body));
      setStatus('');
      reload();
    } catch (err) {
      setStatus(message(err));
    }
  };
  const revoke = async (id: string) => {
    try {
      await api.delete(`/v1/admin/keys/${encodeURIComponent(id)}`);
      setConfirming('');
      setStatus(`Key ${id} revoked.`);
      reload();
    } catch (err) {
      setStatus(message(err));
    }
  };

  return (
    <main class="admin">
      <h1>API keys</h1>
      <form class="card" onSubmit={create}>
        <h2>New key</h2>
        <label for="key-name">Name</label>
        <input id="key-name" required maxLength={200} value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        <fieldset>
          <legend>Roles</legend>
          {ROLES.map((role) => (
            <label key={role}>
              <input
                type="checkbox"
                name={`role-${role}`}
                checked={form.roles.includes(role)}
                onChange={(e) => setForm({ ...form, roles: e.currentTarget.checked ? [...form.roles, role] : form.roles.filter((r) => r !== role) })}
              />{' '}
              {role}
            </label>
          ))}
        </fieldset>
        <label for="key-tenant">Tenant (optional; an admin key cannot have one)</label>
        <input id="key-tenant" value={form.tenant} onInput={(e) => setForm({ ...form, tenant: e.currentTarget.value })} />
        <button type="submit" class="primary">
          Create key
        </button>
      </form>
      {created?.key ? (
        <div class="card once" role="status">
          <h2>Key {created.name} created</h2>
          <p>This is the only time the key is shown. Copy it now:</p>
          <code class="secret" id="created-key">
            {created.key}
          </code>
          <button type="button" onClick={() => navigator.clipboard.writeText(created.key!).catch(() => undefined)}>
            Copy
          </button>
          <button type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      ) : null}
      {status || error ? (
        <p role="alert" class="problem">
          {status || error}
        </p>
      ) : null}
      <table class="admin-table">
        <thead>
          <tr>
            {['Id', 'Name', 'Roles', 'Tenant', 'Created', 'Revoked', ''].map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(data?.keys ?? []).map((k) => (
            <tr key={k.id} class={k.revoked_at ? 'revoked' : ''}>
              <td>
                <code>{k.id}</code>
              </td>
              <td>{k.name}</td>
              <td>{k.roles.join(', ')}</td>
              <td>{k.tenant ?? ''}</td>
              <td>
                {formatTime(k.created_at)} {k.created_by ? `by ${k.created_by}` : ''}
              </td>
              <td>{k.revoked_at ? formatTime(k.revoked_at) : ''}</td>
              <td>
                {k.revoked_at ? null : confirming === k.id ? (
                  <>
                    <button type="button" class="danger" onClick={() => revoke(k.id)}>
                      Confirm revoke
                    </button>
                    <button type="button" onClick={() => setConfirming('')}>
                      Cancel
                    </button>
                  </>
                ) : (
                  <button type="button" onClick={() => setConfirming(k.id)} aria-label={`Revoke key ${k.name}`}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
