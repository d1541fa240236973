import { render } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { AdminPages, ADMIN_PAGES } from './admin/AdminPages';
import { Api, isAdmin, type Credential, type Me } from './api';
import { Failsafe } from './components/Failsafe';
import { SearchScreen } from './components/SearchScreen';
import { SignIn } from './components/SignIn';
import { clearCredential, loadCredential, loadMe, saveCredential, saveMe } from './credentials';
import { facetsFor, readState, writeState, type SearchState } from './search';
import './styles.css';

const BASE = '/console';

function useLocation(): [string, string, (path: string, search?: string) => void] {
  const [location, setLocation] = useState({ path: window.location.pathname, search: window.location.search });
  useEffect(() => {
    const onPop = () => setLocation({ path: window.location.pathname, search: window.location.search });
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((path: string, search = '') => {
    if (path + search !== window.location.pathname + window.location.search) window.history.pushState(null, '', path + search);
    setLocation({ path, search });
  }, []);
  return [location.path, location.search, navigate];
}

function App() {
  const [credential, setCredential] = useState<Credential | null>(loadCredential);
  // who is signed in is kept beside the credential, so a reload renders at once; it is asked again in the background
  const [me, setMe] = useState<Me | null>(loadMe);
  const [notice, setNotice] = useState('');
  const [path, search, navigate] = useLocation();
  const signOut = useCallback((message = '') => {
    clearCredential();
    setCredential(null);
    setMe(null);
    setNotice(message);
  }, []);
  const api = useMemo(() => (credential ? new Api(credential, () => signOut('The service refused the credential (expired or revoked?). Sign in again.')) : null), [credential]);

  useEffect(() => {
    if (api) api.get<Me>('/console/api/me').then((who) => {
      saveMe(who);
      setMe(who);
    }, () => undefined);
  }, [api]);

  if (!api || !credential) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(c, who) => {
          saveCredential(c);
          saveMe(who);
          setCredential(c);
          setMe(who);
          setNotice('');
        }}
      />
    );
  }
  if (!me) return <p class="loading">Loading…</p>;

  const state = readState(search);
  const setState = (next: SearchState) => navigate(BASE, writeState(next));
  const page = path.startsWith(`${BASE}/admin/`) ? path.slice(`${BASE}/admin/`.length) : null;
  const link = (to: string, label: string, current: boolean) => (
    <a
      href={to}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
    >
      {label}
    </a>
  );
  return (
    <>
      <header class="topbar">
        <span class="brand">Audit Search</span>
        <nav aria-label="Console">
          {link(BASE, 'Search', page === null)}
          {isAdmin(me) ? ADMIN_PAGES.map(([id, label]) => link(`${BASE}/admin/${id}`, label, page === id)) : null}
        </nav>
        <span class="who">
          {me.name} <span class="muted">({me.roles.join(', ')}{me.tenant ? `, tenant ${me.tenant}` : ''})</span>
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <Failsafe key={page ?? 'search'}>
        {page === null ? (
          <SearchScreen api={api} state={state} setState={setState} facets={facetsFor(me.tenant)} />
        ) : isAdmin(me) ? (
          <AdminPages api={api} page={page} me={me} />
        ) : (
          <main>
            <p role="alert">The admin pages need the admin role.</p>
          </main>
        )}
      </Failsafe>
    </>
  );
}

render(<App />, document.getElementById('app')!);
