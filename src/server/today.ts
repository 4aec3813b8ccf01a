import { localDate } from '../core/time/local-date.ts';
import type { AppContext } from './context.ts';

/** Today's local date on the deployment's clock: the demo's simulated day while it replays. */
export function today(ctx: AppContext): string {
  return localDate(ctx.now?.() ?? new Date());
}
