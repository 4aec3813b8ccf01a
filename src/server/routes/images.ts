import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';

import { IMAGE_FORMATS, IMAGE_KINDS, type ImageFormat, type ImageKind, ImageRefusal, type Images, images } from '../../app/images.ts';
import { FILE_SIGNATURE_HEADER, SHORT_PATH } from '../../app/share.ts';
import { ImageParams, ImageQuery, NoContent, problems, ProblemSchema } from '../../contract/index.ts';
import type { AppContext } from '../context.ts';
import { publicOriginOf } from '../request-origin.ts';

const TYPES: Record<ImageFormat, string> = { png: 'image/png', svg: 'image/svg+xml; charset=utf-8', pdf: 'application/pdf' };

/**
 * GET /api/v1/images/{what}.{png|svg|pdf}: the communication kit's images (issue #20 item 2,
 * docs/images.md). Public; any site may show them (Cross-Origin-Resource-Policy: cross-origin);
 * ETag and Cache-Control from http-caching.ts, so a client holding the bytes gets a 304.
 */
export function imageRoutes(server: FastifyInstance, ctx: AppContext, kit: Images = images(ctx)): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/images/:file',
    {
      schema: {
        summary: 'A server-rendered image: city map, district map, unit card, standings top 10 or campaign progress, as PNG, SVG or the A3 poster PDF',
        tags: ['images'],
        params: ImageParams,
        querystring: ImageQuery,
        produces: ['image/png', 'image/svg+xml', 'application/pdf', 'text/plain'],
        response: { 200: Type.String({ format: 'binary' }), 304: NoContent, 400: ProblemSchema, 404: ProblemSchema, 503: ProblemSchema },
      },
    },
    async (request, reply) => {
      const match = /^([a-z-]+)\.([a-z]+)(\.sig)?$/.exec(request.params.file);
      // `….png.sig`: the sidecar with the file's own signature, for those who keep the original.
      const sidecar = match?.[3] !== undefined;
      const what = match?.[1] ?? request.params.file;
      if (!IMAGE_KINDS.includes(what as ImageKind)) throw problems.imageNotFound.field('what', `known images: ${IMAGE_KINDS.join(', ')}`);
      const format = match?.[2] ?? '';
      if (!IMAGE_FORMATS.includes(format as ImageFormat)) throw problems.imageNotFound.field('format', `offered: ${IMAGE_FORMATS.join(', ')}`);
      const q = request.query;
      // The PDF is the print poster: A3 only.
      if (format === 'pdf' && q.size !== undefined && q.size !== 'a3')
        throw problems.invalidRequest.field('querystring.size', 'a .pdf is the A3 poster: size=a3');
      try {
        const image = await kit.render({
          what: what as ImageKind,
          format: format as ImageFormat,
          size: q.size ?? (format === 'pdf' ? 'a3' : 'og'),
          lang: q.lang ?? 'vi',
          date: q.date,
          unit: q.unit,
          group: q.group,
          origin: publicOriginOf(request),
        });
        if (sidecar) {
          if (!image.signature) throw problems.imageNotFound.field('format', 'this server signs no files');
          return (reply as FastifyReply)
            .type('text/plain; charset=utf-8')
            .header('content-disposition', `inline; filename="${image.filename}.sig"`)
            .send(`${image.signature}\n`);
        }
        if (image.signature) reply.header(FILE_SIGNATURE_HEADER, image.signature);
        if (image.token) reply.header('x-vungxanh-short-url', `${SHORT_PATH}${image.token}`);
        // The body is bytes, not the string the schema documents: sent through the untyped reply.
        return (reply as FastifyReply)
          .type(TYPES[format as ImageFormat])
          .header('content-disposition', `inline; filename="${image.filename}"`)
          .header('cross-origin-resource-policy', 'cross-origin')
          .send(image.body);
      } catch (error) {
        if (!(error instanceof ImageRefusal)) throw error;
        const field = `querystring.${error.field}`;
        throw error.status === 400 ? problems.invalidRequest.field(field, error.message) : problems.imageNotFound.field(field, error.message);
      }
    },
  );
}
