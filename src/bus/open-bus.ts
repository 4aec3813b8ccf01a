import type { Bus } from './bus.ts';
import { MemoryBus } from './memory-bus.ts';
import { RedisBus } from './redis-bus.ts';

/** The bus named by VX_BUS_URL: Redis for several instances, in-process otherwise. */
export async function openBus(url: string | undefined = process.env.VX_BUS_URL): Promise<Bus> {
  if (!url) return new MemoryBus();
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return RedisBus.connect(url);
  throw new Error(`VX_BUS_URL ${url}: only redis:// and rediss:// URLs are supported`);
}
