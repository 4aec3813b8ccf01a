import type { FastifyInstance } from 'fastify';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { freshStore, type EngineName } from './stores.ts';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

/** A real listening server on a free loopback port, over a fresh store holding the HCMC 2021 geography. */
export async function startServer(engine: EngineName = 'sqlite'): Promise<RunningServer> {
  const store = await freshStore(engine);
  await importGeoFiles(store.db, hcmc2021Files(), 'test');
  const { app, ctx } = await buildApp({ store });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    ctx,
    close: async () => {
      await app.close();
      await store.dispose();
    },
  };
}
