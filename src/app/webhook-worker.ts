import { hostname } from 'node:os';

import { claimDeliveries, type ClaimedDelivery, recordAttempt } from '../store/webhook-store.ts';
import type { AppServices } from './services.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signDelivery } from './webhook-signature.ts';

export interface WebhookPolicy {
  /** How long a claimed delivery is held; a worker that dies mid-delivery loses it after this and another sends it (default 30 s). */
  leaseMs: number;
  /** The first retry's wait; each further one doubles it (default 5 s). */
  retryBaseMs: number;
  /** The longest wait between two attempts (default 1 h). */
  retryMaxMs: number;
  /** Attempts before a delivery is marked failed (default 8). */
  maxAttempts: number;
  /** How long a receiver has to answer (default 10 s). */
  timeoutMs: number;
  /** How often due deliveries are looked for without a wake-up (default 1 s). */
  pollMs: number;
}

/** Defaults, each overridable by environment (VX_WEBHOOK_LEASE_MS, _RETRY_BASE_MS, _RETRY_MAX_MS, _MAX_ATTEMPTS, _TIMEOUT_MS, _POLL_MS). */
export function webhookPolicy(given: Partial<WebhookPolicy> = {}, env: NodeJS.ProcessEnv = process.env): WebhookPolicy {
  const num = (name: string, fallback: number) => {
    const value = Number(env[`VX_WEBHOOK_${name}`]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    leaseMs: given.leaseMs ?? num('LEASE_MS', 30_000),
    retryBaseMs: given.retryBaseMs ?? num('RETRY_BASE_MS', 5_000),
    retryMaxMs: given.retryMaxMs ?? num('RETRY_MAX_MS', 3_600_000),
    maxAttempts: given.maxAttempts ?? num('MAX_ATTEMPTS', 8),
    timeoutMs: given.timeoutMs ?? num('TIMEOUT_MS', 10_000),
    pollMs: given.pollMs ?? num('POLL_MS', 1_000),
  };
}

/** The wait before attempt `attempt + 1` after `attempt` failed: exponential, capped. */
export function retryDelay(policy: WebhookPolicy, attempt: number): number {
  return Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** (attempt - 1));
}

/** The JSON a receiver gets: the alert, and which delivery and webhook it is. */
export function deliveryBody(delivery: ClaimedDelivery): string {
  return JSON.stringify({ delivery: delivery.id, webhook: delivery.webhookId, alert: delivery.alert });
}

/**
 * Sends webhook deliveries (issue #18 item 3): every instance runs one; each claims due rows of
 * the outbox under a lease (src/store/webhook-store.ts), POSTs them signed, logs each attempt and
 * schedules a retry with exponential backoff after a non-2xx answer, a refused connection or a
 * timeout, until the last attempt. At-least-once: a worker that dies mid-delivery leaves its
 * lease to run out, and the delivery goes out again (same X-VungXanh-Delivery id) from whichever
 * instance claims it next.
 */
export class WebhookWorker {
  private readonly owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly app: AppServices,
    readonly policy: WebhookPolicy,
  ) {
    this.timer = setInterval(() => this.wake(), policy.pollMs);
    this.timer.unref();
    this.wake();
  }

  wake(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.work().finally(() => (this.running = null));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    for (const c of this.inFlight) c.abort();
    await this.running;
  }

  private async work(): Promise<void> {
    do {
      this.again = false;
      try {
        for (;;) {
          const claimed = await claimDeliveries(this.app.store.db, this.owner, new Date(), this.policy.leaseMs);
          if (claimed.length === 0 || this.closed) break;
          await Promise.all(claimed.map((d) => this.deliver(d)));
        }
      } catch (error) {
        if (!this.closed) console.error('webhooks: delivering failed; will retry', (error as Error).message);
        return;
      }
    } while (this.again && !this.closed);
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const body = deliveryBody(delivery);
    const started = new Date();
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.policy.timeoutMs);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'VungXanh-Webhooks/1',
          [SIGNATURE_HEADER]: signDelivery(delivery.secret, body, started),
          [DELIVERY_HEADER]: String(delivery.id),
        },
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => {});
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (e) {
      error = controller.signal.aborted
        ? `no answer within ${this.policy.timeoutMs} ms`
        : ((e as Error).cause as Error | undefined)?.message || (e as Error).message;
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    // Closing mid-delivery: the lease runs out and another instance (or the next start) sends it.
    if (this.closed && statusCode === null) return;
    const attempt = delivery.attempts + 1;
    const ended = new Date();
    await recordAttempt(this.app.store.db, delivery.id, this.owner, {
      at: ended.toISOString(),
      statusCode,
      durationMs: ended.getTime() - started.getTime(),
      error,
      delivered: error === null,
      retryAt: attempt >= this.policy.maxAttempts ? null : new Date(ended.getTime() + retryDelay(this.policy, attempt)).toISOString(),
    });
  }
}
