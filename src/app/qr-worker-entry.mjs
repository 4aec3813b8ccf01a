// Worker threads do not inherit the TypeScript loader of the thread that starts them: when the
// code runs from source (tsx in development, vitest in tests), register tsx here, then run the
// TypeScript worker. The compiled product (dist/) starts qr-worker.js directly instead.
import { register } from 'tsx/esm/api';

register();
await import('./qr-worker.ts');
