import type { LevelsEvent as ContractLevelsEvent } from '../../../src/contract/live.ts';

/**
 * The stream's `levels` event as the page reads it: the contract's event, every field optional
 * because older servers sent only `date` and `levels` (the page then asks for the levels).
 */
export type LevelsEvent = Partial<ContractLevelsEvent>;
