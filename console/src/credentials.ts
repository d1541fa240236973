import type { Credential, Me } from './api';

/** The signed-in credential lives in sessionStorage only: it ends with the tab, and never goes into a URL. */
const KEY = 'audit-console.credential';
const ME = 'audit-console.me';

export function loadCredential(): Credential | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (stored && (stored.scheme === 'ApiKey' || stored.scheme === 'Bearer') && typeof stored.secret === 'string') {
      return stored;
    }
  } catch {
    // a damaged entry is no credential
  }
  return null;
}

export function saveCredential(credential: Credential): void {
  sessionStorage.setItem(KEY, JSON.stringify(credential));
}

export function clearCredential(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(ME);
}

/** Who the credential belongs to (not a secret), as last answered by /console/api/me. */
export function loadMe(): Me | null {
  try {
    return loadCredential() ? JSON.parse(sessionStorage.getItem(ME) ?? 'null') : null;
  } catch {
    return null;
  }
}

export function saveMe(me: Me): void {
  sessionStorage.setItem(ME, JSON.stringify(me));
}
