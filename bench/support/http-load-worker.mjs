// The load generator's thread (see http-load.ts). Plain JavaScript: worker threads do not inherit
// the TypeScript loader the benchmark runs under.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, headers, connections, seconds } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const latencies = [];
let bytes = 0;
let errors = 0;
let statuses = {};
const until = performance.now() + seconds * 1000;

const once = () =>
  new Promise((resolve) => {
    const t0 = performance.now();
    const req = request(url, { agent, headers }, (res) => {
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => {
        latencies.push(performance.now() - t0);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end();
  });

const t0 = performance.now();
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (performance.now() < until) await once();
  }),
);
const elapsed = (performance.now() - t0) / 1000;
agent.destroy();
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
parentPort.postMessage({ requests: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), max: at(1), bytes, errors, statuses });
