import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';

import { type Bulletins, bulletins } from '../../app/bulletin.ts';
import { etagOf } from '../../app/etag.ts';
import { BulletinListSchema, BulletinMarkdownQuery, BulletinParams, BulletinSchema, NoContent, problems, ProblemSchema } from '../../contract/index.ts';
import { toMarkdown } from '../../core/bulletin/bulletin-document.ts';
import type { Bulletin } from '../../core/bulletin/bulletin-model.ts';
import { bulletinTitle, writeBulletin } from '../../core/bulletin/bulletin-text.ts';
import { displayDate } from '../../core/time/local-date.ts';
import { bulletinFeed, FEED_ENTRIES } from '../../render/bulletin-atom.ts';
import { bulletinDocx } from '../../render/bulletin-docx.ts';
import type { AppContext } from '../context.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const TAGS = ['bulletins'];

/**
 * The daily press bulletin (issue #20 item 1, docs/bulletin.md): the list of days, each day's
 * figures as JSON (every figure with the API call it comes from), as Markdown in Vietnamese or
 * English, as DOCX, and the Atom feed. Public; ETag and Cache-Control from http-caching.ts.
 */
export function bulletinRoutes(server: FastifyInstance, ctx: AppContext, desk: Bulletins = bulletins(ctx)): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/bulletins',
    { schema: { summary: 'Days with a press bulletin, newest first', tags: TAGS, response: { 200: BulletinListSchema } } },
    async () => ({
      feed: '/api/v1/bulletins.atom',
      bulletins: (await desk.dates()).map((date) => ({
        date,
        title: { vi: bulletinTitle(date, 'vi'), en: bulletinTitle(date, 'en') },
        href: `/api/v1/bulletins/${date}`,
      })),
    }),
  );

  app.get(
    '/api/v1/bulletins.atom',
    {
      schema: {
        summary: `Atom feed of the bulletins, one entry per day (the latest ${FEED_ENTRIES})`,
        tags: TAGS,
        produces: ['application/atom+xml'],
        response: { 200: Type.String({ description: 'Atom 1.0 (RFC 4287)' }) },
      },
    },
    async (_request, reply) => {
      const days = (await desk.dates()).slice(0, FEED_ENTRIES);
      const all: Bulletin[] = [];
      for (const date of days) {
        const b = await desk.on(date);
        if (b) all.push(b);
      }
      return reply.type('application/atom+xml; charset=utf-8').send(bulletinFeed(all));
    },
  );

  const found = async (date: string): Promise<Bulletin> => {
    const b = await desk.on(date);
    if (b) return b;
    const dates = await desk.dates();
    throw problems.noBulletin.date(date, displayDate(date), dates.length ? { first: dates[dates.length - 1], last: dates[0] } : null);
  };
  const notFoundOrBad = { 304: NoContent, 400: ProblemSchema, 404: ProblemSchema };

  app.get(
    '/api/v1/bulletins/:date',
    {
      schema: {
        summary: "One day's bulletin as figures, each with the API call it comes from",
        tags: TAGS,
        params: BulletinParams,
        response: { 200: BulletinSchema, ...notFoundOrBad },
      },
    },
    async (request) => {
      const b = await found(request.params.date);
      return {
        ...b,
        states: [...b.states],
        downloads: {
          markdown: { vi: `/api/v1/bulletins/${b.date}.md?lang=vi`, en: `/api/v1/bulletins/${b.date}.md?lang=en` },
          docx: `/api/v1/bulletins/${b.date}.docx`,
          page: `/ban-tin?date=${b.date}`,
        },
      };
    },
  );

  app.get(
    '/api/v1/bulletins/:date.md',
    {
      schema: {
        summary: "One day's bulletin as Markdown, in Vietnamese (default) or English; each figure links to its API call",
        tags: TAGS,
        params: BulletinParams,
        querystring: BulletinMarkdownQuery,
        produces: ['text/markdown'],
        response: { 200: Type.String(), ...notFoundOrBad },
      },
    },
    async (request, reply) => {
      const b = await found(request.params.date);
      const lang = request.query.lang ?? 'vi';
      return attachment(reply, `ban-tin-${b.date}-${lang}.md`, 'text/markdown; charset=utf-8', 'inline').send(toMarkdown(writeBulletin(b, lang)));
    },
  );

  app.get(
    '/api/v1/bulletins/:date.docx',
    {
      schema: {
        summary: "One day's bulletin as a Word document: Vietnamese administrative layout, then the English version",
        tags: TAGS,
        params: BulletinParams,
        produces: [DOCX],
        response: { 200: Type.String({ format: 'binary' }), ...notFoundOrBad },
      },
    },
    async (request, reply) => {
      const b = await found(request.params.date);
      // The document's bytes carry its creation time; its ETag names the bulletin it was made from.
      return attachment(reply, `ban-tin-${b.date}.docx`, DOCX, 'attachment')
        .header('etag', etagOf(`docx|${JSON.stringify(b)}`))
        .send(await bulletinDocx(b));
    },
  );
}

/** Markdown opens in the browser (inline); the document downloads (attachment); both keep a file name. */
function attachment(reply: FastifyReply, filename: string, type: string, disposition: 'inline' | 'attachment'): FastifyReply {
  return reply.type(type).header('content-disposition', `${disposition}; filename="${filename}"`);
}
