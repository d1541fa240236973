import { useState } from 'preact/hooks';
import type { Api, Me } from '../api';
import { isFilterName } from '../search';
import { message } from './useLoad';

interface Minted {
  id: string;
  token: string;
  tenant: string;
  filters: Record<string, string[]>;
  allowed_origins: string[];
  expires_at: string;
  embed_path: string;
}

const LIFETIMES: Array<[number, string]> = [
  [900, '15 minutes'],
  [3600, '1 hour'],
  [28800, '8 hours'],
  [86400, '24 hours'],
];

/** Parses "name=value" lines into filters; a line that is not a filter is refused. */
function parseFilters(lines: string): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const line of lines.split('\n').map((l) => l.trim()).filter((l) => l)) {
    const at = line.indexOf('=');
    const name = line.slice(0, at).trim();
    if (at < 1 || !isFilterName(name) || name === 'tenant') throw new Error(`"${line}" is not name=value with a filter name (not tenant)`);
    (filters[name] ??= []).push(line.slice(at + 1).trim());
  }
  return filters;
}

/** Mints a short-lived read-only viewer token and shows the iframe that embeds it. */
export function ViewerTokensPage({ api, me }: { api: Api; me: Me }) {
  const [form, setForm] = useState({ tenant: me.tenant ?? '', filters: '', expires: 3600, origins: '' });
  const [minted, setMinted] = useState<Minted | null>(null);
  const [status, setStatus] = useState('');
  const mint = async (e: Event) => {
    e.preventDefault();
    try {
      const body = {
        tenant: form.tenant.trim() || undefined,
        filters: parseFilters(form.filters),
        expires_in: form.expires,
        allowed_origins: form.origins.split(/\s+/).filter((o) => o),
      };
      setMinted(await api.post<Minted>('/v1/admin/viewer-tokens', body));
      setStatus('');
    } catch (err) {
      setStatus(message(err));
    }
  };
  const url = minted ? new URL(minted.embed_path, window.location.origin).toString() : '';
  const iframe = `<iframe src="${url}" title="Audit events" width="100%" height="640" referrerpolicy="no-referrer"></iframe>`;
  return (
    <main class="admin">
      <h1>Embed tokens</h1>
      <p>
        A viewer token lets an iframe on another site show one tenant's events, read only, limited to fixed filters, until it
        expires (24 hours at most). Anyone holding the link can read what it shows until then.
      </p>
      <form class="card" onSubmit={mint}>
        <label for="vt-tenant">Tenant</label>
        <input id="vt-tenant" required={!me.tenant} disabled={!!me.tenant} value={form.tenant} onInput={(e) => setForm({ ...form, tenant: e.currentTarget.value })} />
        <label for="vt-filters">Fixed filters, one name=value per line (e.g. service=billing)</label>
        <textarea id="vt-filters" rows={3} value={form.filters} onInput={(e) => setForm({ ...form, filters: e.currentTarget.value })} />
        <label for="vt-expires">Expires in</label>
        <select id="vt-expires" value={form.expires} onChange={(e) => setForm({ ...form, expires: Number(e.currentTarget.value) })}>
          {LIFETIMES.map(([s, label]) => (
            <option key={s} value={s}>
              {label}
            </option>
          ))}
        </select>
        <label for="vt-origins">Sites allowed to frame it (origins, space separated, e.g. https://portal.example.com)</label>
        <input id="vt-origins" value={form.origins} onInput={(e) => setForm({ ...form, origins: e.currentTarget.value })} />
        <button type="submit" class="primary">
          Mint token
        </button>
      </form>
      {status ? (
        <p role="alert" class="problem">
          {status}
        </p>
      ) : null}
      {minted ? (
        <section class="card" aria-labelledby="minted-title">
          <h2 id="minted-title">Token {minted.id}</h2>
          <p>
            Tenant {minted.tenant}, expires {minted.expires_at}, framed by {minted.allowed_origins.join(' ') || 'this service only'}.
          </p>
          <label for="vt-url">Embed URL</label>
          <input id="vt-url" readOnly value={url} />
          <label for="vt-iframe">iframe</label>
          <textarea id="vt-iframe" readOnly rows={3} value={iframe} />
          <p>
            <a href={minted.embed_path} target="_blank" rel="noopener noreferrer" id="vt-open">
              Open the embedded view
            </a>
          </p>
        </section>
      ) : null}
    </main>
  );
}
