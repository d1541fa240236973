/** The service's own API, called with the signed-in caller's credential in the Authorization header (never in a URL). */

export type Scheme = 'ApiKey' | 'Bearer' | 'Viewer';

export interface Credential {
  scheme: Scheme;
  secret: string;
}

export type Params = Array<[string, string]>;

/** An RFC 9457 problem the API answered, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

const TIMEOUT_MS = 30_000;
const EXPORT_TIMEOUT_MS = 10 * 60_000;

export function queryString(params: Params): string {
  const search = new URLSearchParams();
  for (const [name, value] of params) search.append(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function problem(response: Response): Promise<never> {
  let body: { type?: string; title?: string; detail?: string } = {};
  try {
    body = await response.json();
  } catch {
    // not a problem document: the status says enough
  }
  const slug = (body.type ?? '').split(':').pop() ?? '';
  throw new ApiError(response.status, slug, body.title ?? response.statusText ?? 'Request failed', body.detail ?? '');
}

export class Api {
  constructor(
    private readonly credential: Credential,
    private readonly onUnauthorized: (error: ApiError) => void = () => {},
  ) {}

  get scheme(): Scheme {
    return this.credential.scheme;
  }

  private async call(method: string, path: string, init: { params?: Params; body?: unknown; timeout?: number; accept?: string }): Promise<Response> {
    const headers: Record<string, string> = {
      Authorization: `${this.credential.scheme} ${this.credential.secret}`,
      Accept: init.accept ?? 'application/json',
    };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path + queryString(init.params ?? []), {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(init.timeout ?? TIMEOUT_MS),
      });
    } catch (e) {
      const timedOut = e instanceof DOMException && e.name === 'TimeoutError';
      throw new ApiError(0, timedOut ? 'timeout' : 'network', timedOut ? 'The service did not answer in time' : 'The service could not be reached', String(e));
    }
    if (!response.ok) {
      try {
        return await problem(response);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) this.onUnauthorized(e);
        throw e;
      }
    }
    return response;
  }

  async get<T>(path: string, params: Params = []): Promise<T> {
    return (await this.call('GET', path, { params })).json() as Promise<T>;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return (await this.call('POST', path, { body })).json() as Promise<T>;
  }

  async delete<T>(path: string): Promise<T> {
    return (await this.call('DELETE', path, {})).json() as Promise<T>;
  }

  /** A download fetched with the credential header, saved by the browser from a blob URL. */
  async download(path: string, params: Params, fallbackName: string): Promise<{ name: string; bytes: number }> {
    const response = await this.call('GET', path, { params, timeout: EXPORT_TIMEOUT_MS, accept: '*/*' });
    const blob = await response.blob();
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return { name, bytes: blob.size };
  }
}

/** Who is signed in, from GET /console/api/me. */
export interface Me {
  id: string;
  name: string;
  roles: string[];
  tenant: string | null;
  viewer: { filters: Record<string, string[]>; expires_at: string; token_id: string } | null;
}

export const isAdmin = (me: Me) => me.roles.includes('admin');
