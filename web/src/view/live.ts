import type { LevelsEvent } from '../model/levels-event.ts';

/**
 * Subscribes to the server's live stream. EventSource reconnects by itself after a server
 * restart (the server asks for a 2 s retry); the page shows when it is reconnecting.
 */
export function connectLive(handlers: {
  /** What a recompute published: the page applies it (MapPageState.applyLive). */
  onLevels: (event: LevelsEvent) => void;
  onStatus: (status: 'live' | 'reconnecting') => void;
}): EventSource {
  const source = new EventSource('/api/v1/stream');
  source.addEventListener('open', () => handlers.onStatus('live'));
  source.addEventListener('error', () => handlers.onStatus('reconnecting'));
  source.addEventListener('levels', (event) => handlers.onLevels(JSON.parse((event as MessageEvent<string>).data) as LevelsEvent));
  return source;
}
