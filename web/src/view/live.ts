import type { LevelsEvent } from '../model/levels-event.ts';

/**
 * Subscribes to the server's live stream. EventSource reconnects by itself after a server
 * restart (the server asks for a 2 s retry), sending the last event id, so the server (any
 * instance) replays what the page missed; the page shows when it is reconnecting.
 */
export function connectLive(handlers: {
  /** What a recompute published: the page applies it (MapPageState.applyLive). */
  onLevels: (event: LevelsEvent) => void;
  onStatus: (status: 'live' | 'reconnecting') => void;
  /** The page was away too long for the server to replay what it missed: it reloads what it shows. */
  onResync: () => void;
}): EventSource {
  const source = new EventSource('/api/v1/stream');
  source.addEventListener('open', () => handlers.onStatus('live'));
  source.addEventListener('error', () => handlers.onStatus('reconnecting'));
  source.addEventListener('resync', () => handlers.onResync());
  source.addEventListener('levels', (event) => handlers.onLevels(JSON.parse((event as MessageEvent<string>).data) as LevelsEvent));
  return source;
}
