import type { AlertProcessor } from '../app/alerts.ts';
import type { AppServices } from '../app/services.ts';
import type { WebhookWorker } from '../app/webhook-worker.ts';
import type { AlertRules } from '../core/alerts/alert-rules.ts';
import type { Replay } from '../demo/replay.ts';

/** What route handlers share: the application's services, and what only the server holds. */
export interface AppContext extends AppServices {
  /** The demo replay, when this server runs one (GET/POST /api/v1/replay). */
  replay?: Replay | null;
  /** The alert rules in force (data/alert-rules.json), the processor raising them, and the webhook sender (docs/alerts.md). */
  alertRules?: AlertRules;
  alerts?: AlertProcessor;
  webhooks?: WebhookWorker;
}
