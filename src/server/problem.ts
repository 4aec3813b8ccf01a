import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { HttpProblem, type Problem, problemDocument, problems, slugFor, titleFor } from '../contract/index.ts';
import { isDatabaseUnreachable } from '../store/unreachable.ts';
import { DatabaseBusyError, isBusy } from '../store/write-transaction.ts';

export { HttpProblem, type Problem };

/** How long a client is told to wait before sending again when the database is busy or away. */
const RETRY_SECONDS = 2;

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Omit<Problem, 'instance'>): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({ ...problem, instance: request.url });
}

/** Writes a catalogued problem (src/contract/problems.ts) as its document. */
export function problemOf(reply: FastifyReply, request: FastifyRequest, problem: HttpProblem): FastifyReply {
  return sendProblem(reply, request, problemDocument(problem));
}

/**
 * Maps every failure to problem details. Schema validation errors name the field; errors with
 * a client status keep it; anything else is a 500 whose detail does not leak internals.
 */
export function problemErrorHandler(error: FastifyError | HttpProblem, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof HttpProblem) {
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
    return problemOf(reply, request, error);
  }
  // A database another writer holds is a reason to come back, never a server error: nothing was
  // written (a writer that committed never fails afterwards), so a retry is safe.
  if (error instanceof DatabaseBusyError || isBusy(error)) {
    request.log.warn({ err: error }, 'database busy');
    return problemOf(reply.header('retry-after', String(RETRY_SECONDS)), request, problems.databaseBusy.retry(RETRY_SECONDS));
  }
  // A database that is restarting is a reason to come back, not a server error.
  if (isDatabaseUnreachable(error)) {
    request.log.warn({ err: error }, 'database unreachable');
    return problemOf(reply.header('retry-after', String(RETRY_SECONDS)), request, problems.databaseUnavailable.retry(RETRY_SECONDS));
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const errors = fe.validation.map((v) => {
      const path = v.instancePath ? v.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
      const field = [fe.validationContext === 'body' ? '' : fe.validationContext, path, missing].filter(Boolean).join('.');
      return {
        field: field || fe.validationContext,
        message: bilingual(v.keyword, v.params as Record<string, unknown> | undefined, v.message ?? 'is invalid'),
      };
    });
    return problemOf(reply, request, problems.invalidRequest.schema(errors));
  }
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
  if (status === 500) request.log.error(error);
  return sendProblem(reply, request, {
    type: `/problems/${slugFor(status)}`,
    title: titleFor(status),
    status,
    detail: status === 500 ? problems.server.internal().message : status === 415 ? problems.unsupportedMediaType.body().message : fe.message,
  });
}

/**
 * A body that is not JSON, said in Vietnamese first and then in the parser's English, both with
 * where it broke (line, column and character) so a sender can find the spot in a large batch.
 */
export function invalidJsonProblem(text: string, error: unknown): HttpProblem {
  const english = error instanceof Error ? error.message : String(error);
  // V8 says "… in JSON at position 16"; running out of text ("Unexpected end of JSON input") breaks at its end.
  const at = /at position (\d+)/.exec(english);
  const ended = /end of JSON input/.test(english);
  const offset = at ? Math.min(Number(at[1]), text.length) : ended ? text.length : null;
  let vi = 'Không phải JSON hợp lệ';
  let en = `not valid JSON: ${english}`;
  if (offset !== null) {
    const line = lineAndColumn(text, offset);
    vi += ended
      ? `: dữ liệu kết thúc giữa chừng ở dòng ${line.line}, cột ${line.column}`
      : `: lỗi cú pháp ở dòng ${line.line}, cột ${line.column} (ký tự thứ ${offset + 1})`;
    if (!/\(line \d+ column \d+\)/.test(english)) en += ` (line ${line.line}, column ${line.column})`;
  }
  return problems.invalidRequest.notJson(`${vi} / ${en}`);
}

/** What Fastify's JSON parser refused, restated: empty, not JSON (with where), or a forbidden `__proto__` key. */
export function jsonBodyProblem(text: string, error: Error): Error {
  const code = (error as FastifyError).code;
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return problems.invalidRequest.emptyBody();
  if (code !== 'FST_ERR_CTP_INVALID_JSON_BODY') return error;
  try {
    JSON.parse(text);
  } catch (syntax) {
    return invalidJsonProblem(text, syntax);
  }
  // Valid JSON the default parser still refused: it carries a prototype-poisoning key.
  return problems.invalidRequest.forbiddenKey();
}

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** A schema error in Vietnamese, then the validator's English ("thiếu trường / must have required property 'date'"). */
function bilingual(keyword: string, params: Record<string, unknown> | undefined, english: string): string {
  const p = params ?? {};
  const vi: Record<string, string> = {
    required: 'thiếu trường bắt buộc',
    type: `sai kiểu dữ liệu (cần ${String(p.type ?? '')})`,
    minimum: `nhỏ hơn mức tối thiểu ${String(p.limit ?? '')}`,
    maximum: `lớn hơn mức tối đa ${String(p.limit ?? '')}`,
    exclusiveMinimum: `phải lớn hơn ${String(p.limit ?? '')}`,
    minLength: `ngắn hơn ${String(p.limit ?? '')} ký tự`,
    maxLength: `dài hơn ${String(p.limit ?? '')} ký tự`,
    minItems: `ít hơn ${String(p.limit ?? '')} phần tử`,
    maxItems: `nhiều hơn ${String(p.limit ?? '')} phần tử`,
    enum: 'không thuộc các giá trị cho phép',
    const: 'không thuộc các giá trị cho phép',
    anyOf: 'không khớp dạng nào được phép',
    format: `sai định dạng (${String(p.format ?? '')})`,
    pattern: 'sai định dạng',
    additionalProperties: `trường không được phép "${String(p.additionalProperty ?? '')}"`,
  };
  return vi[keyword] ? `${vi[keyword]} / ${english}` : english;
}
