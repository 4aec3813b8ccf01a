// The feeders' thread (see http-feeders.ts). Plain JavaScript: worker threads do not inherit
// the TypeScript loader the benchmark runs under.
import { parentPort, workerData } from 'node:worker_threads';

const { url, token, bodies, clients } = workerData;
const post = async (body) => {
  const r = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
  return (await r.json()).accepted;
};
let next = 0;
let accepted = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (next < bodies.length) {
      // Not `accepted += await …`: that reads `accepted` before the await and loses the other client's count.
      const n = await post(bodies[next++]);
      accepted += n;
    }
  }),
);
parentPort.postMessage({ seconds: (performance.now() - t0) / 1000, accepted });
