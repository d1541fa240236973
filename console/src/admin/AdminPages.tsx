import type { Api, Me } from '../api';
import { DeadLettersPage } from './DeadLettersPage';
import { HealthPage } from './HealthPage';
import { HoldsPage } from './HoldsPage';
import { KeysPage } from './KeysPage';
import { RetentionPage } from './RetentionPage';
import { ViewerTokensPage } from './ViewerTokensPage';

export const ADMIN_PAGES: Array<[string, string]> = [
  ['keys', 'API keys'],
  ['holds', 'Legal holds'],
  ['retention', 'Retention'],
  ['dead-letters', 'Dead letters'],
  ['health', 'Health'],
  ['embed', 'Embed tokens'],
];

export function AdminPages({ api, page, me }: { api: Api; page: string; me: Me }) {
  switch (page) {
    case 'keys':
      return <KeysPage api={api} />;
    case 'holds':
      return <HoldsPage api={api} />;
    case 'retention':
      return <RetentionPage api={api} />;
    case 'dead-letters':
      return <DeadLettersPage api={api} />;
    case 'health':
      return <HealthPage api={api} />;
    case 'embed':
      return <ViewerTokensPage api={api} me={me} />;
    default:
      return (
        <main class="admin">
          <p role="alert">No such page.</p>
        </main>
      );
  }
}
