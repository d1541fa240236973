import { render } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { Api, ApiError, type Me } from './api';
import { SearchScreen } from './components/SearchScreen';
import { emptyState, facetsFor } from './search';
import './styles.css';

/**
 * The embedded read-only view. Its token came in the page's URL (the service needed it to answer with the
 * token's frame-ancestors); every API call sends it in the Authorization header as "Viewer <token>".
 * Its search state stays in memory: the iframe's URL is the embedding site's business.
 */
function Embed({ token }: { token: string }) {
  const [me, setMe] = useState<Me | null>(null);
  const [failure, setFailure] = useState('');
  const [state, setState] = useState(emptyState);
  const api = useMemo(
    () => new Api({ scheme: 'Viewer', secret: token }, () => setFailure('This view has expired. Ask for a new link.')),
    [token],
  );
  useMemo(() => {
    api.get<Me>('/console/api/me').then(setMe, (e) => setFailure(e instanceof ApiError && e.status === 401 ? 'This view has expired or its link is invalid. Ask for a new link.' : String(e)));
  }, [api]);
  if (failure) {
    return (
      <main class="embed-failure">
        <p role="alert">{failure}</p>
      </main>
    );
  }
  if (!me?.viewer) return <p class="loading">Loading…</p>;
  return (
    <>
      <header class="topbar embed-bar">
        <span class="brand">Audit events</span>
        <span class="who muted">
          tenant {me.tenant}, read only, until {me.viewer.expires_at}
        </span>
      </header>
      <SearchScreen api={api} state={state} setState={setState} fixed={me.viewer.filters} facets={facetsFor(me.tenant)} allowExport={false} />
    </>
  );
}

const token = new URLSearchParams(window.location.search).get('token') ?? '';
render(<Embed token={token} />, document.getElementById('app')!);
