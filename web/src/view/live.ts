/**
 * Subscribes to the server's live stream. EventSource reconnects by itself after a server
 * restart (the server asks for a 2 s retry); the page shows when it is reconnecting.
 */
export function connectLive(handlers: {
  onLevels: (message: { date?: string; levels?: Record<string, number> }) => void;
  onStatus: (status: 'live' | 'reconnecting') => void;
  onDates: (date: string) => void;
}): EventSource {
  const source = new EventSource('/api/v1/stream');
  source.addEventListener('open', () => handlers.onStatus('live'));
  source.addEventListener('error', () => handlers.onStatus('reconnecting'));
  source.addEventListener('levels', (event) => {
    const message = JSON.parse((event as MessageEvent<string>).data) as { date?: string; levels?: Record<string, number> };
    handlers.onLevels(message);
  });
  return source;
}
