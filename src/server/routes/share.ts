import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { pngWidth } from '../../app/images.ts';
import { KEPT_RENDERINGS_PATH, QR_PATH, readStateToken, SHORT_PATH } from '../../app/share.ts';
import { type Verification, verifyPicture, verifyUrl } from '../../app/verify.ts';
import { problems, ProblemSchema, type SigningKeysDto, SigningKeysSchema, VerificationSchema } from '../../contract/index.ts';
import { svgToPng } from '../../render/images/rasterise.ts';
import { qrSvg } from '../../render/images/share-mark.ts';
import { keptRendering } from '../../store/kept-renderings-store.ts';
import type { AppContext } from '../context.ts';
import { publicOriginOf } from '../request-origin.ts';

/** A picture to verify: a phone photo or a banner, not an archive. */
const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;

/**
 * Share and verify (issue #20 item 3, docs/verify.md): the published signing keys, the short URL
 * `/v/{token}` printed on every image and bulletin, and `POST /api/v1/verify`. All public: the
 * point is that anyone can check a banner.
 */
export async function shareRoutes(server: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const keys = (): SigningKeysDto => ({
    algorithm: 'Ed25519',
    signs:
      'published states (the canonical string `vungxanh-state/v1\\nposition=…\\nwhat=…\\nsize=…\\nlang=…\\ndate=…\\nsubject=…`) and files’ own bytes (docs/verify.md)',
    keys: ctx.signing?.publicKeys() ?? [],
  });
  for (const url of ['/.well-known/vungxanh-signing-keys.json', '/api/v1/signing-keys'])
    app.get(
      url,
      {
        schema: {
          summary: 'The public halves of the signing keys: the current one and every earlier one, so images signed before a rotation still verify',
          tags: ['share'],
          hide: url.startsWith('/.well-known'),
          response: { 200: SigningKeysSchema },
        },
      },
      async (_request, reply) => {
        reply.header('access-control-allow-origin', '*');
        return keys();
      },
    );

  // The QR code of a short URL, for the bulletin's page, Markdown and document: drawn only for a token this deployment signed.
  app.get<{ Querystring: { t?: string } }>(QR_PATH, { schema: { hide: true } }, async (request, reply) => {
    const token = request.query.t ?? '';
    const reading = ctx.signing ? readStateToken(ctx.signing, token) : null;
    if (!reading?.ok) throw problems.signatureInvalid.token('querystring.t', reading?.why ?? 'signature');
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(qrSvg(`${publicOriginOf(request)}${SHORT_PATH}${token}`));
  });

  // The image exactly as drawn for a signed state (docs/verify.md): what /verify puts beside an uploaded picture.
  app.get<{ Params: { file: string } }>(`${KEPT_RENDERINGS_PATH}:file`, { schema: { hide: true } }, async (request, reply) => {
    const [, token, format] = /^(.+)\.(svg|png)$/.exec(request.params.file) ?? [];
    const reading = ctx.signing && token ? readStateToken(ctx.signing, token) : null;
    if (!reading?.ok) throw problems.signatureInvalid.token('token', reading?.why ?? 'malformed');
    const svg = await keptRendering(ctx.store.db, reading.state);
    if (svg === null) throw problems.renderingNotKept.state(reading.state.what, reading.state.position);
    // What a state shows never changes: any cache may keep it.
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('cross-origin-resource-policy', 'cross-origin');
    if (format === 'svg') return reply.type('image/svg+xml; charset=utf-8').send(svg);
    return reply.type('image/png').send(await svgToPng(svg, pngWidth(reading.state.size)));
  });

  // The short URL a QR code names: a person scanning it lands on /verify with its verdict.
  app.get<{ Params: { token: string } }>(`${SHORT_PATH}:token`, { schema: { hide: true } }, async (request, reply) =>
    reply.redirect(`/verify?t=${encodeURIComponent(request.params.token)}`, 302),
  );

  await app.register(async (plugin) => {
    await plugin.register(multipart, { limits: { files: 1, fields: 2, fileSize: MAX_UPLOAD_BYTES, parts: 3 } });
    plugin.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/v1/verify',
      {
        schema: {
          summary: 'Check a short URL, or a picture whose QR code names one: the signed published state and its official rendering',
          description:
            'multipart/form-data with `file` (a PNG or JPEG, up to 15 MB: the QR code is read, trying again halved and in black and white) and optionally `signature` (the `X-Vungxanh-Signature` header or `.sig` sidecar of an original file: the verdict is then `original-file` when the bytes match); or application/json `{url}`. A token that does not read or whose signature matches no published key: 422 `/problems/signature-invalid`. A position beyond the change feed: 404 `/problems/state-not-found`. No QR code read: 422 `/problems/no-qr-code`.',
          tags: ['share'],
          consumes: ['multipart/form-data', 'application/json'],
          response: {
            200: VerificationSchema,
            400: ProblemSchema,
            404: ProblemSchema,
            413: ProblemSchema,
            415: ProblemSchema,
            422: ProblemSchema,
            503: ProblemSchema,
          },
        },
      },
      async (request): Promise<Verification> => {
        const origin = publicOriginOf(request);
        if (request.isMultipart()) {
          const { file, signature } = await readUpload(request);
          if (!file) throw problems.invalidRequest.field('file', 'cần một tệp ảnh PNG hoặc JPEG / a PNG or JPEG file is required');
          return verifyPicture(ctx, file, origin, signature);
        }
        const body = request.body as { url?: unknown } | undefined;
        if (!body || typeof body.url !== 'string') throw problems.invalidRequest.field('url', 'cần đường dẫn /v/… / a /v/… URL is required');
        return verifyUrl(ctx, body.url, origin);
      },
    );
  });
}

async function readUpload(request: FastifyRequest): Promise<{ file?: Buffer; signature?: string }> {
  const out: { file?: Buffer; signature?: string } = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw problems.invalidRequest.field(part.fieldname, 'ảnh gửi trong trường file / the picture goes in the file field');
        out.file = await part.toBuffer();
      } else if (part.fieldname === 'signature') {
        const value = String(part.value).trim();
        if (value) out.signature = value.slice(0, 300);
      } else throw problems.invalidRequest.field(part.fieldname, 'trường không được nhận / unknown field');
    }
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 413) throw problems.tooLarge.file(MAX_UPLOAD_BYTES);
    throw error;
  }
  return out;
}
