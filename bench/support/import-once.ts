/**
 * One import through the CLI's code path (`importFile`) in a process of its own, as
 * `vungxanh import` runs: the import benchmark starts it per round, so the import does not share
 * a heap with the bench's million generated records and its floors. Prints one JSON line:
 * seconds and CPU seconds of the import alone (not process start-up), and the summary.
 *
 *   node --import tsx bench/support/import-once.ts DATABASE_URL FILE
 */
import { importFile } from '../../src/app/intake/file-import.ts';
import { openStore } from '../../src/store/database.ts';

const [url, path] = process.argv.slice(2);
const store = await openStore(url);
const c0 = process.cpuUsage();
const t0 = performance.now();
const summary = await importFile(store, { kind: 'cases', path, sender: { actor: 'bench', scope: null }, rejectsPath: `${path}.rejects.csv` });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
await store.close();
console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, accepted: summary.accepted, rejected: summary.rejected }));
