import type { AppServices } from '../app/services.ts';
import type { Replay } from '../demo/replay.ts';

/** What route handlers share: the application's services, and what only the server holds. */
export interface AppContext extends AppServices {
  /** The demo replay, when this server runs one (GET/POST /api/v1/replay). */
  replay?: Replay | null;
}
