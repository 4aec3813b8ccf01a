import { Redis } from 'ioredis';

import { withTimeout } from './with-timeout.ts';

/**
 * Whether the bus at `url` answers a PING within `timeoutMs`: one attempt, no reconnection (the
 * server's own bus connection retries forever, which is right for it and wrong for a check).
 * Resolves to null when it answers, or to why it did not.
 */
export async function busProblem(url: string, timeoutMs = 3000): Promise<string | null> {
  if (!url.startsWith('redis://') && !url.startsWith('rediss://')) return 'only redis:// and rediss:// URLs are supported';
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let lastError: Error | null = null;
  // Without a listener ioredis reports a refused connection as an unhandled error event.
  redis.on('error', (error: Error) => (lastError = error));
  try {
    await withTimeout(
      (async () => {
        await redis.connect();
        await redis.ping();
      })(),
      timeoutMs,
    );
    return null;
  } catch (error) {
    return (lastError ?? (error as Error)).message;
  } finally {
    redis.disconnect();
  }
}
