// `node --import` this file to have every module the process loads listed, one URL a line, in
// the file named by VX_TRACE_MODULES: how the lazy-CLI test sees what `vungxanh --help` loads.
import { register } from 'node:module';

register('./trace-modules-hooks.mjs', import.meta.url, { data: { file: process.env.VX_TRACE_MODULES } });
