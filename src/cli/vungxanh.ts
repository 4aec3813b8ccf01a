#!/usr/bin/env node
/**
 * The `vungxanh` process: bin/vungxanh.js runs this compiled (dist/src/cli/vungxanh.js);
 * in development `npx tsx src/cli/vungxanh.ts …` runs it from source.
 */
import { runCli } from './main.ts';

process.exitCode = await runCli(process.argv);
