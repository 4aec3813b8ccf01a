// Worker threads do not inherit the TypeScript loader of the thread that starts them (the CLI
// registers tsx in bin/vungxanh.js): register it here, then run the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./validate-worker.ts');
