import { useState } from 'preact/hooks';
import { Api, ApiError, type Credential, type Me, type Scheme } from '../api';

interface Props {
  onSignedIn: (credential: Credential, me: Me) => void;
  notice?: string;
}

/** Sign in with an API key or a bearer token; it is checked against the service before it is kept. */
export function SignIn({ onSignedIn, notice }: Props) {
  const [scheme, setScheme] = useState<Scheme>('ApiKey');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState(notice ?? '');
  const [busy, setBusy] = useState(false);
  return (
    <main class="signin">
      <h1>Audit Search console</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const credential = { scheme, secret: secret.trim() };
          setBusy(true);
          try {
            onSignedIn(credential, await new Api(credential).get<Me>('/console/api/me'));
          } catch (err) {
            setError(err instanceof ApiError && err.status === 401 ? 'These credentials were refused.' : String(err instanceof Error ? err.message : err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <fieldset>
          <legend>Credential</legend>
          <label>
            <input type="radio" name="scheme" value="ApiKey" checked={scheme === 'ApiKey'} onChange={() => setScheme('ApiKey')} /> API key
          </label>
          <label>
            <input type="radio" name="scheme" value="Bearer" checked={scheme === 'Bearer'} onChange={() => setScheme('Bearer')} /> Bearer token (JWT)
          </label>
        </fieldset>
        <label for="secret">{scheme === 'ApiKey' ? 'API key' : 'Token'}</label>
        <input id="secret" name="secret" type="password" autocomplete="off" required value={secret} onInput={(e) => setSecret(e.currentTarget.value)} />
        <p class="muted">Kept in this tab's session storage only, sent in the Authorization header, never in a URL.</p>
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </main>
  );
}
