#!/usr/bin/env node
// Runs the compiled CLI. `npm start` and `npm test` build it (npm run build); a checkout that
// has not been built is told so rather than left with a missing-module trace.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/vungxanh.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('vungxanh: chưa biên dịch, hãy chạy `npm run build` (npm start tự làm) / not built yet: run `npm run build` first (npm start does it)');
  process.exit(1);
}
await import(entry.href);
