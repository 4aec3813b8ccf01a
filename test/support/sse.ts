/** A minimal SSE reader over fetch, for tests: collects events as they arrive. */
export interface SseEvent {
  event: string;
  data: unknown;
  /** The SSE id (a change-feed position), when the event carried one. */
  id?: number;
}

export interface SseClient {
  events: SseEvent[];
  next(event: string, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

export async function connectSse(url: string, options: { lastEventId?: number; headers?: Record<string, string> } = {}): Promise<SseClient> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
  if (options.lastEventId !== undefined) headers['last-event-id'] = String(options.lastEventId);
  const response = await fetch(url, { signal: controller.signal, headers });
  if (!response.ok || !response.body) throw new Error(`SSE ${url}: HTTP ${response.status}`);
  const events: SseClient['events'] = [];
  const waiters: Array<() => void> = [];
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let split;
        while ((split = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          if (event && data) {
            events.push({ event, data: JSON.parse(data), ...(id === undefined ? {} : { id: Number(id) }) });
            for (const w of waiters.splice(0)) w();
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  let seen = 0;
  return {
    events,
    close: () => controller.abort(),
    async next(event, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.slice(seen).findIndex((e) => e.event === event);
        if (found >= 0) {
          seen += found + 1;
          return events[seen - 1];
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no SSE event "${event}" within ${timeoutMs} ms; got ${events.map((e) => e.event).join(', ')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, left);
        });
      }
    },
  };
}
