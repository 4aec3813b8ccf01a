import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addDays, localDate } from '../../src/core/time/local-date.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { addWebhook } from '../../src/store/webhook-store.ts';
import { serveProcess, type ServerProcess, until } from '../support/faults.ts';
import { freePort } from '../support/free-port.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/**
 * Issue #18 item 3: a webhook delivery is not lost when the server is killed mid-delivery. The
 * receiver holds the first request unanswered; the server (a real `vungxanh serve` process) is
 * SIGKILLed meanwhile; restarted, it finds the delivery's lease run out and sends it again, with
 * the same delivery id, so the receiver gets it at least once and can drop the repeat.
 */
describe.each(ENGINES)('webhook deliveries survive a server SIGKILL [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>>;
  let receiver: Server;
  let receiverUrl = '';
  let server: ServerProcess | null = null;
  const received: string[] = [];
  const held: ServerResponse[] = [];
  /** While true (the first server's life) deliveries are held unanswered: the server dies while they wait. */
  let holding = true;

  beforeAll(async () => {
    store = await storeWithUnits(engine);
    receiver = createServer((req: IncomingMessage, res) => {
      req.resume();
      req.on('end', () => {
        received.push(String(req.headers['x-vungxanh-delivery']));
        if (holding) held.push(res);
        else res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    for (const res of held) res.destroy();
    await new Promise((resolve) => receiver?.close(resolve));
    await store?.dispose();
  });

  it('delivers after a restart what was in flight when the server died', async () => {
    const database = store.schema ? `${store.url}?schema=${store.schema}` : store.url;
    const token = (await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
    await addWebhook(store.db, { url: receiverUrl, scope: '760', rules: ['level-rose'], secret: 'whsec_test' }, 'test', 'test');
    const env = { VX_WEBHOOK_LEASE_MS: '1500', VX_WEBHOOK_POLL_MS: '100', VX_WEBHOOK_TIMEOUT_MS: '60000' };
    const port = await freePort();
    server = await serveProcess(database, port, env);
    const today = localDate(new Date());
    const send = async (cases: unknown[]) => {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(cases),
      });
      expect(r.status).toBe(200);
    };
    // Earlier data, so the ward has a green level the day before; then a cluster turns it red today.
    await send([{ id: 'K-0', version: 1, confirmedDate: addDays(today, -10), unit: '27496', setting: 'quarantine', sourceKnown: true }]);
    await send(
      [1, 2].map((n) => ({ id: `K-${n}`, version: 1, confirmedDate: today, unit: '26740', setting: 'community', sourceKnown: false, cluster: 'C-K' })),
    );
    // The ward's rise and Quận 1's: two deliveries, both in flight when the server dies.
    await until('both deliveries to reach the receiver', () => received.length >= 2, 30_000);
    await server.stop('SIGKILL');
    server = null;
    holding = false;
    const inFlight = await store.db.selectFrom('webhook_deliveries').selectAll().orderBy('id').execute();
    expect(inFlight.map((d) => [d.status, Number(d.attempts)])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    expect(inFlight.every((d) => d.lease_owner !== null)).toBe(true);

    server = await serveProcess(database, port, env);
    await until(
      'the deliveries to be marked delivered after the restart',
      async () => (await store.db.selectFrom('webhook_deliveries').select('status').execute()).every((d) => d.status === 'delivered'),
      30_000,
      100,
    );
    const after = await store.db.selectFrom('webhook_deliveries').selectAll().orderBy('id').execute();
    expect(after.map((d) => Number(d.attempts))).toEqual([1, 1]);
    // Each delivery twice, with the same id: the receiver dedupes by X-VungXanh-Delivery.
    const ids = inFlight.map((d) => String(d.id));
    expect([...received].sort()).toEqual([...ids, ...ids].sort());
  }, 120_000);
});
