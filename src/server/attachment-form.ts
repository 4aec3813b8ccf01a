import type { FastifyReply, FastifyRequest } from 'fastify';

import type { SentFile } from '../app/appeals.ts';
import { problems } from '../contract/index.ts';
import { ATTACHMENT_LIMITS } from '../core/appeals/attachment-type.ts';
import { unstorableTextPath } from '../files/json-limits.ts';

/**
 * A multipart form with attachments (an appeal, a nomination): its text parts handed to `field`,
 * which throws for a name the form does not have; its files under `attachments`, each checked
 * against the size and count limits as it arrives, before anything is stored.
 */
export async function readAttachmentForm(request: FastifyRequest, field: (name: string, value: string) => void): Promise<SentFile[]> {
  const files: SentFile[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') {
        field(part.fieldname, String(part.value));
        continue;
      }
      if (part.fieldname !== 'attachments')
        throw problems.invalidRequest.field(part.fieldname, 'tệp chỉ gửi trong trường attachments / files go in the attachments field');
      const index = files.length;
      if (index >= ATTACHMENT_LIMITS.maxFiles) throw problems.appealAttachment.tooMany(ATTACHMENT_LIMITS.maxFiles);
      const content = await part.toBuffer().catch((error: { statusCode?: number }) => {
        throw error.statusCode === 413 ? problems.appealAttachment.tooLarge(index, ATTACHMENT_LIMITS.maxBytes) : error;
      });
      // A form's empty file input sends a part with no name and no bytes: nothing was attached.
      if (content.length === 0 && !part.filename) continue;
      files.push({ name: part.filename, content });
    }
  } catch (error) {
    // @fastify/multipart's own limits: more parts or files than a form of this kind sends.
    if ((error as { code?: string }).code === 'FST_FILES_LIMIT') throw problems.appealAttachment.tooMany(ATTACHMENT_LIMITS.maxFiles);
    throw error;
  }
  return files;
}

/** Text fields as the store will keep them: a JSON body is checked for NUL and lone surrogates by the server's parser, a form's here. */
export function checkStorableFields(fields: Readonly<Record<string, unknown>>): void {
  const broken = unstorableTextPath(fields);
  if (broken !== null) throw problems.invalidRequest.unstorableText(broken);
}

/** A name for Content-Disposition: ASCII in `filename`, the real name (Vietnamese) in `filename*` (RFC 6266). */
export function downloadDisposition(name: string): string {
  const ascii =
    name
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '_') || 'tep-dinh-kem';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** An attachment as a download, never rendered in the page's origin; its type is one the server recognised by its bytes. */
export function sendAttachment(reply: FastifyReply, file: { type: string; name: string; content: Buffer }): FastifyReply {
  return reply.type(file.type).header('content-disposition', downloadDisposition(file.name)).header('x-content-type-options', 'nosniff').send(file.content);
}
