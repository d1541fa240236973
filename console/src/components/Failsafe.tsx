import type { ComponentChildren } from 'preact';
import { useErrorBoundary } from 'preact/hooks';

/** Keeps a screen's bug from blanking the console: the error is shown where the screen was. */
export function Failsafe({ children }: { children: ComponentChildren }) {
  const [error, reset] = useErrorBoundary();
  if (error) {
    return (
      <main class="admin">
        <p role="alert" class="problem">
          This screen failed: {String(error instanceof Error ? error.message : error)}{' '}
          <button type="button" onClick={reset}>
            Try again
          </button>
        </p>
      </main>
    );
  }
  return <>{children}</>;
}
