#!/usr/bin/env node
// Runs the whole suite with vitest, then prints the closing line CI reads ("N passed, N failed")
// and which database engines the store tests ran on, so a run that skipped one is visible.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const report = '.vitest-report.json';
rmSync(report, { force: true });
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
if (!existsSync(report)) {
  console.log('0 passed, 1 failed');
  process.exit(run.status || 1);
}
const result = JSON.parse(readFileSync(report, 'utf8'));
const tests = result.testResults.flatMap((file) => file.assertionResults);
const passed = tests.filter((t) => t.status === 'passed').length;
// A file that failed without a failed test (it did not load, or a hook threw) counts as one failure.
const brokenFiles = result.testResults.filter((file) => file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed')).length;
const failed = tests.filter((t) => t.status === 'failed').length + brokenFiles;
const skipped = tests.length - passed - tests.filter((t) => t.status === 'failed').length;
for (const engine of ['sqlite', 'postgresql']) {
  const ran = tests.filter((t) => t.status === 'passed' && t.fullName.includes(`[${engine}]`)).length;
  console.log(`store tests on ${engine}: ${ran} passed`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || run.status !== 0 ? 1 : 0);
