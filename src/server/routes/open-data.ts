import { PassThrough } from 'node:stream';

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';

import {
  datasetOf,
  LevelsUnavailable,
  OPEN_DATA_BASE,
  openDataDates,
  openDataDictionary,
  type OpenDataFile,
  openDataFile,
  openDataUrl,
  writeOpenDataArchive,
} from '../../app/open-data.ts';
import { OpenDataDictionarySchema, OpenDataIndexSchema, OpenDataParams, problems, ProblemSchema } from '../../contract/index.ts';
import { DICTIONARY, OPEN_DATASETS, type OpenDataset, type OpenFormat } from '../../core/open-data/dictionary.ts';
import { citationOf, LICENCE } from '../../core/open-data/licence.ts';
import { ISO_DATE, localDate } from '../../core/time/local-date.ts';
import { readDemoState } from '../../store/demo-store.ts';
import type { AppContext } from '../context.ts';
import { originOf } from '../request-origin.ts';

/**
 * A past date's file changes only when late data or a correction reaches that date, which is
 * rare but real (backfills, corrected cuts): caches keep it a day and revalidate by ETag, rather
 * than `immutable`, which would pin a corrected file in every CDN for good. "latest" and the
 * latest date move with every recompute: revalidated each time (docs/open-data.md).
 */
const PAST_DATE_CACHE = 'public, max-age=86400, stale-while-revalidate=604800';
const MOVING_CACHE = 'public, max-age=0, must-revalidate';

/** `2021-07-14.csv`, `latest.geojson` → its date (or `latest`) and format. */
const FILE = /^(latest|[^.]+)\.([^.]+)$/;

/** Whether the text is a real calendar date (2021-02-30 is not). */
function isCalendarDate(text: string): boolean {
  return ISO_DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/**
 * Open data is for any site to read, a dashboard elsewhere included: any origin may fetch it (no
 * credentials are ever involved) and embed it, and may read which dated file "latest" was.
 */
function openToAnyOrigin(reply: FastifyReply): void {
  reply
    .header('access-control-allow-origin', '*')
    .header('access-control-expose-headers', 'Content-Location, Content-Disposition, ETag')
    .header('cross-origin-resource-policy', 'cross-origin');
}

/** GET /api/v1/open-data…: the open datasets per date and as "latest", the dictionary, the bulk archive. */
export function openDataRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const rendered = new Map<string, OpenDataFile>();

  app.get(
    OPEN_DATA_BASE,
    {
      schema: {
        summary: 'Open data index: each dataset, its published dates, its stable "latest" URLs; the archive, the dictionary, the licence',
        tags: ['open data'],
        response: { 200: OpenDataIndexSchema },
      },
    },
    async (request, reply) => {
      openToAnyOrigin(reply);
      const origin = originOf(request);
      const datasets = [];
      for (const d of DICTIONARY) {
        const dates = await openDataDates(ctx, d.id);
        datasets.push({
          id: d.id,
          title: d.title,
          description: d.description,
          formats: [...d.formats],
          first: dates[0] ?? null,
          last: dates.at(-1) ?? null,
          latest: Object.fromEntries(d.formats.map((f) => [f, `${OPEN_DATA_BASE}/${d.id}/latest.${f}`])),
        });
      }
      const accessed = localDate(ctx.now?.() ?? new Date());
      return {
        licence: LICENCE,
        dictionary: `${OPEN_DATA_BASE}/dictionary`,
        archive: `${OPEN_DATA_BASE}/archive.zip`,
        // Cited as of the latest published date: what a reader saw there.
        citation: citationOf({ vi: 'Dữ liệu mở Vùng Xanh', en: 'Vùng Xanh open data' }, datasets[0]?.last ?? null, `${origin}/du-lieu.html`, accessed),
        simulated: (await readDemoState(ctx.store.db)).simulated,
        datasets,
      };
    },
  );

  app.get(
    `${OPEN_DATA_BASE}/dictionary`,
    {
      schema: {
        summary: 'Data dictionary: every field of every open dataset, its meaning (vi/en), unit, type and source',
        tags: ['open data'],
        response: { 200: OpenDataDictionarySchema },
      },
    },
    async (_request, reply) => {
      openToAnyOrigin(reply);
      reply.header('cache-control', 'public, max-age=3600');
      return openDataDictionary();
    },
  );

  server.get(
    `${OPEN_DATA_BASE}/archive.zip`,
    {
      schema: {
        summary: 'Bulk archive (ZIP): every published date of every dataset as CSV, the dictionary, the licence and citation; streamed',
        tags: ['open data'],
        produces: ['application/zip'],
      },
    },
    async (request, reply) => {
      openToAnyOrigin(reply);
      const out = new PassThrough();
      const stamp = localDate(ctx.now?.() ?? new Date());
      reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="vungxanh-open-data-${stamp}.zip"`)
        .header('cache-control', MOVING_CACHE);
      // A client that goes away (or a HEAD request, which reads no body) stops the writing.
      const gone = new Error('client gone');
      const emit = (chunk: Buffer) =>
        new Promise<void>((resolve, reject) => {
          if (out.destroyed) return reject(gone);
          if (out.write(chunk)) return resolve();
          const drained = () => {
            out.off('close', closed);
            resolve();
          };
          const closed = () => {
            out.off('drain', drained);
            reject(gone);
          };
          out.once('drain', drained).once('close', closed);
        });
      void writeOpenDataArchive(ctx, emit, originOf(request)).then(
        () => out.end(),
        (error: unknown) => {
          if (error === gone) return;
          // The status line has gone out: the client sees a truncated archive, which no unzip accepts.
          request.log.error({ err: error }, 'open-data archive failed');
          out.destroy(error as Error);
        },
      );
      return reply.send(out);
    },
  );

  // The reply is CSV, JSON or GeoJSON text, which a typed reply cannot describe: the params are
  // typed here from the same contract schema.
  server.get<{ Params: OpenDataParams }>(
    `${OPEN_DATA_BASE}/:what/:file`,
    {
      schema: {
        summary: 'One open dataset on one published date, or its latest date (a stable URL), as CSV, JSON or GeoJSON',
        description:
          '`what`: levels, reasons, daily-counts, standings. `file`: `{YYYY-MM-DD|latest}.{csv|json|geojson}` (GeoJSON for levels). CSV is UTF-8 with a byte-order mark. Below the ward, counts are bands (docs/small-numbers.md). Fields: /api/v1/open-data/dictionary.',
        tags: ['open data'],
        params: OpenDataParams,
        response: { 400: ProblemSchema, 404: ProblemSchema, 503: ProblemSchema },
      },
    },
    async (request, reply) => {
      openToAnyOrigin(reply);
      const { what, file } = request.params;
      if (!(OPEN_DATASETS as readonly string[]).includes(what)) throw problems.openDataNotFound.dataset(what, OPEN_DATASETS);
      const dataset = datasetOf(what as OpenDataset);
      const match = FILE.exec(file);
      if (!match) throw problems.invalidRequest.field('file', 'expected {YYYY-MM-DD|latest}.{csv|json|geojson}');
      const [, day, format] = match;
      if (!(dataset.formats as readonly string[]).includes(format)) throw problems.openDataNotFound.format(what, format, dataset.formats);
      if (day !== 'latest' && !isCalendarDate(day)) throw problems.invalidRequest.field('date', `${day} is not a date YYYY-MM-DD (or latest)`);
      const dates = await openDataDates(ctx, dataset.id);
      const date = day === 'latest' ? dates.at(-1) : day;
      if (date === undefined || !dates.includes(date)) throw problems.openDataNotFound.date(what, day, dates[0], dates.at(-1));
      const origin = originOf(request);
      // A file changes only with a write (the feed moves) or a recompute (the revision moves); the
      // citation's day and origin are in it too. Standings also turn official when a cut falls
      // due, with no write: they are made each time.
      const { revision } = await ctx.risk.engine();
      const key = `${dataset.id}|${date}|${format}|${origin}|${localDate(ctx.now?.() ?? new Date())}|${ctx.feed.position}|${revision}`;
      let made = dataset.id === 'standings' ? undefined : rendered.get(key);
      if (!made) {
        try {
          made = await openDataFile(ctx, dataset.id, date, format as OpenFormat, origin);
        } catch (error) {
          if (error instanceof LevelsUnavailable) throw problems.levelsUnavailable.engine();
          throw error;
        }
        if (dataset.id !== 'standings') {
          if (rendered.size >= 64) rendered.clear();
          rendered.set(key, made);
        }
      }
      // "latest" names the file it stands for, which a client can keep and cite.
      if (day === 'latest') reply.header('content-location', openDataUrl(dataset.id, date, format as OpenFormat));
      reply.header('cache-control', day !== 'latest' && date < dates.at(-1)! ? PAST_DATE_CACHE : MOVING_CACHE);
      return reply.type(made.type).header('content-disposition', `attachment; filename="${made.fileName}"`).send(made.body);
    },
  );
}
