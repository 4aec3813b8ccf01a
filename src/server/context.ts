import type { Store } from '../store/database.ts';
import type { Geography } from './geography.ts';

/** What route handlers share: the store and the geography currently loaded from it. */
export interface AppContext {
  store: Store;
  geography(): Geography;
  reloadGeography(): Promise<void>;
}
