import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';

/** GETs {@code path} on mount and on reload(); the error is the API's problem. */
export function useLoad<T>(api: Api, path: string): { data: T | null; error: string; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const reload = useCallback(() => {
    api.get<T>(path).then(
      (d) => {
        setData(d);
        setError('');
      },
      (e) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  }, [api, path]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}

export const message = (e: unknown) => (e instanceof ApiError ? e.message : String(e));
