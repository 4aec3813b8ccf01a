import type { Bus } from './bus.ts';
import { RedisBus } from './redis-bus.ts';

/** The bus named by VX_BUS_URL (Redis), which wakes a deployment's instances sooner; none without it. */
export async function openBus(url: string | undefined = process.env.VX_BUS_URL): Promise<Bus | null> {
  if (!url) return null;
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return RedisBus.connect(url);
  throw new Error(`VX_BUS_URL ${url}: only redis:// and rediss:// URLs are supported`);
}
