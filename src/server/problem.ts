import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem, slugFor, titleFor, type Problem } from '../contract/problem.ts';

export { HttpProblem, type Problem };

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Omit<Problem, 'instance'>): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({ ...problem, instance: request.url });
}

/**
 * Maps every failure to problem details. Schema validation errors name the field; errors with
 * a client status keep it; anything else is a 500 whose detail does not leak internals.
 */
export function problemErrorHandler(error: FastifyError | HttpProblem, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof HttpProblem) {
    return sendProblem(reply, request, { type: `/problems/${error.slug}`, title: error.title, status: error.status, detail: error.message, errors: error.errors });
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const errors = fe.validation.map((v) => {
      const path = v.instancePath ? v.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
      const field = [fe.validationContext === 'body' ? '' : fe.validationContext, path, missing].filter(Boolean).join('.');
      return { field: field || fe.validationContext, message: bilingual(v.keyword, v.params as Record<string, unknown> | undefined, v.message ?? 'is invalid') };
    });
    return sendProblem(reply, request, {
      type: '/problems/invalid-request',
      title: 'Yêu cầu không hợp lệ / Invalid request',
      status: 400,
      detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    });
  }
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
  if (status === 500) request.log.error(error);
  return sendProblem(reply, request, {
    type: `/problems/${slugFor(status)}`,
    title: titleFor(status),
    status,
    detail: status === 500 ? 'Lỗi máy chủ / Internal server error' : status === 415 ? UNSUPPORTED_MEDIA_TYPE : fe.message,
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
    vi += ended ? `: dữ liệu kết thúc giữa chừng ở dòng ${line.line}, cột ${line.column}` : `: lỗi cú pháp ở dòng ${line.line}, cột ${line.column} (ký tự thứ ${offset + 1})`;
    if (!/\(line \d+ column \d+\)/.test(english)) en += ` (line ${line.line}, column ${line.column})`;
  }
  return new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', `${vi} / ${en}`);
}

/** What Fastify's JSON parser refused, restated: empty, not JSON (with where), or a forbidden `__proto__` key. */
export function jsonBodyProblem(text: string, error: Error): Error {
  const code = (error as FastifyError).code;
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', 'Thân yêu cầu trống / the request body is empty');
  if (code !== 'FST_ERR_CTP_INVALID_JSON_BODY') return error;
  try {
    JSON.parse(text);
  } catch (syntax) {
    return invalidJsonProblem(text, syntax);
  }
  // Valid JSON the default parser still refused: it carries a prototype-poisoning key.
  return new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', 'JSON chứa khóa "__proto__" hoặc "constructor.prototype", không được phép / the JSON holds a forbidden "__proto__" or "constructor.prototype" key');
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

/** Fastify's own 415 says only "Unsupported Media Type"; the sender needs to know what to send. */
const UNSUPPORTED_MEDIA_TYPE =
  'Gửi application/json hoặc application/x-ndjson (tải tệp: multipart/form-data) / send application/json or application/x-ndjson (file uploads: multipart/form-data)';
