import { tmpdir } from 'node:os';

import ExcelJS from 'exceljs';
import fc from 'fast-check';

import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { PROJECT_ROOT } from '../../src/files/project-root.ts';
import { buildApp } from '../../src/server/app.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import type { Store } from '../../src/store/database.ts';

/**
 * Hostile requests over every route the server publishes in its OpenAPI document, and what a
 * correct answer to each is: never a 5xx, and every refusal a problem document (RFC 9457) whose
 * status is the response's. The same generators serve the short sample in `npm test`
 * (test/server/fuzz.api.test.ts) and the full run in bench/fuzz.bench.ts.
 */

export interface FuzzRoute {
  method: string;
  /** OpenAPI path, `{name}` for each parameter. */
  path: string;
  params: string[];
  query: string[];
  /** Names of the body's properties when the route takes a JSON object. */
  bodyFields: string[];
  multipart: boolean;
  takesBody: boolean;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What made it, for the failure report. */
  label: string;
}

export interface FuzzOutcome {
  request: FuzzRequest;
  status: number;
  problem: string | null;
}

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

/** Routes from the server's own OpenAPI document, so a new route is fuzzed without being listed here. */
export function routesOf(openapi: { paths: Record<string, Record<string, OpenApiOperation>> }): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [path, operations] of Object.entries(openapi.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      // The live streams (public, and the signed-in alerts) never end on their own; their query is fuzzed through the same parser elsewhere.
      if (path === '/api/v1/stream' || path === '/api/v1/alerts/stream') continue;
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema?.properties;
      routes.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: json ? Object.keys(json) : [],
        // Routes that read their own bodies (intake, uploads) declare none: they get files too.
        multipart: method === 'post' && !json,
        takesBody: method !== 'get' && method !== 'delete' && method !== 'head',
      });
    }
  }
  // Pages and static files answer requests too.
  for (const path of ['/', '/index.html', '/campaign.html', '/data.html', '/assets/{file}'])
    routes.push({
      method: 'GET',
      path,
      params: path.includes('{') ? ['file'] : [],
      query: ['unit', 'date', 'lang'],
      bodyFields: [],
      multipart: false,
      takesBody: false,
    });
  return routes;
}

/** Values seen in the field and values made to break parsers. Each goes in a path, a query or a body field. */
export const HOSTILE_TEXT = [
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '0000-00-00',
  '2021-13-01',
  '2021-02-30',
  '9999-12-31',
  '14/07/2021',
  '2021-07-14T25:61:00+07:00',
  '79',
  '26734',
  '26734@2025-07-01',
  '26734@9999-99-99',
  '@',
  '\ud800',
  '\udfff x',
  '😷',
  'Phường Tân Định',
  'Phu\u0301o\u031b\u0300ng',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '%ZZ',
  '\u0000',
  "' OR 1=1 --",
  '"; DROP TABLE units; --',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x","y")',
  '__proto__',
  'constructor',
  'x'.repeat(5000),
  '9'.repeat(400),
];

const HOSTILE_JSON_VALUES: unknown[] = [null, true, -1, 0, 1.5, 1e308, -1e308, 2 ** 53 + 1, '', [], {}, [null], { '': '' }, '\ud800'];

/** Whole bodies that break readers before any schema sees them. */
export function hostileBodies(): Array<{ label: string; type: string; body: Buffer }> {
  const text = (label: string, type: string, body: string) => ({ label, type, body: Buffer.from(body, 'utf8') });
  return [
    text('deep array', 'application/json', '['.repeat(100_000) + ']'.repeat(100_000)),
    text('deep object', 'application/json', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)),
    text('deep ndjson line', 'application/x-ndjson', '['.repeat(50_000) + ']'.repeat(50_000) + '\n'),
    text('lone surrogate', 'application/json', '{"id":"\\ud800","note":"\\udfff"}'),
    text('lone surrogate rows', 'application/json', '[{"id":"\\ud800","confirmedDate":"2021-07-10","unit":"26734"}]'),
    text('proto key', 'application/json', '{"__proto__":{"admin":true}}'),
    text('constructor prototype', 'application/json', '{"constructor":{"prototype":{"x":1}}}'),
    text('truncated', 'application/json', '{"reason": "x'),
    text('empty', 'application/json', ''),
    text('not json', 'application/json', 'Nguyễn Văn A, 0909123456'),
    text('ndjson not json', 'application/x-ndjson', 'Nguyễn Văn A 0909123456\n{"id":"A1"}\n'),
    text('json scalar', 'application/json', '42'),
    text('json string', 'application/json', '"x"'),
    text('huge number', 'application/json', '{"speed":1e999999}'),
    text('plain text', 'text/plain', 'hello'),
    text('xml', 'application/xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
    { label: 'invalid utf-8', type: 'application/json', body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]) },
    { label: 'utf-16 bom', type: 'application/json', body: Buffer.from('\ufeff{"a":1}', 'utf16le') },
  ];
}

/** Files an upload route may be handed: broken spreadsheets, zips that are not workbooks, bad encodings. */
export async function hostileFiles(): Promise<Array<{ label: string; name: string; body: Buffer }>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Ca bệnh');
  sheet.addRow(['Mã ca', 'Ngày xác nhận', 'Mã phường']);
  sheet.addRow(['=HYPERLINK("http://x","y")', '2021-13-01', '\ud800']);
  sheet.addRow([{ formula: '1/0' }, new Date(Number.NaN), -1]);
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
  return [
    { label: 'csv bad bytes', name: 'cases.csv', body: Buffer.from([0x69, 0x64, 0x0a, 0xff, 0xfe, 0x0a]) },
    { label: 'csv one column', name: 'cases.csv', body: Buffer.from('x\n1\n') },
    { label: 'csv quotes', name: 'cases.csv', body: Buffer.from('id,confirmedDate,unit\n"A1,2021-07-10,26734\n') },
    { label: 'csv formulas', name: 'cases.csv', body: Buffer.from('id,confirmedDate,unit\n=1+1,2021-07-10,@SUM(A1)\n') },
    { label: 'xlsx garbage', name: 'cases.xlsx', body: Buffer.from('PK\u0003\u0004 not a zip at all') },
    { label: 'xlsx hostile cells', name: 'cases.xlsx', body: xlsx },
    { label: 'xlsx truncated', name: 'cases.xlsx', body: xlsx.subarray(0, Math.floor(xlsx.length / 2)) },
    { label: 'json deep', name: 'cases.json', body: Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)) },
    { label: 'json not array', name: 'cases.json', body: Buffer.from('{"id":"A1"}') },
    { label: 'ndjson garbage', name: 'cases.ndjson', body: Buffer.from('Nguyễn Văn A 0909123456\n') },
    { label: 'no extension', name: 'cases', body: Buffer.from('id\nA1\n') },
    { label: 'traversal name', name: '../../../etc/passwd.csv', body: Buffer.from('id\nA1\n') },
    {
      label: 'geojson broken',
      name: 'boundaries.geojson',
      body: Buffer.from('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1,2]]]}}]}'),
    },
    { label: 'empty', name: 'cases.csv', body: Buffer.alloc(0) },
  ];
}

/** A multipart/form-data body by hand: one file part and a few text fields. */
export function multipartBody(file: { name: string; body: Buffer }, fields: Record<string, string>): { type: string; body: Buffer } {
  const boundary = `----vungxanh-fuzz-${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file.body,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}

/**
 * Percent-encodes as a client would, lone surrogates included (as the bytes a careless encoder
 * writes for them, which is what arrives in the field); with `raw`, only what would end the
 * path or query is encoded, so a bad escape like "%ZZ" reaches the server as it is.
 */
function encodePart(value: string, raw: boolean): string {
  let out = '';
  for (const char of value) {
    const unit = char.codePointAt(0) ?? 0;
    // eslint-disable-next-line no-control-regex -- control characters are what must be escaped
    if (/[A-Za-z0-9\-_.~]/.test(char) || (raw && !/[ #?/&=\u0000-\u001f\u007f]/.test(char) && unit < 0x80)) out += char;
    else for (const byte of wtf8(unit)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** UTF-8 bytes of a code point, surrogates encoded like any other three-byte one (WTF-8). */
function wtf8(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

/** Routes that take an array of rows rather than one object. */
const INTAKE_PATHS = new Set(['/api/v1/cases', '/api/v1/tests', '/api/v1/counts']);

/** A request for one route from drawn values: hostile path parameters, query values and body. */
export function fuzzRequestArbitrary(
  routes: FuzzRoute[],
  token: string,
  bodies: ReturnType<typeof hostileBodies>,
  files: Awaited<ReturnType<typeof hostileFiles>>,
) {
  const text = fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 12 }));
  const jsonValue = fc.oneof(fc.constantFrom(...HOSTILE_JSON_VALUES), text, fc.jsonValue({ maxDepth: 3 }));
  return fc
    .record({
      route: fc.constantFrom(...routes),
      params: fc.array(text, { minLength: 4, maxLength: 4 }),
      query: fc.array(fc.tuple(fc.nat(), text), { maxLength: 4 }),
      rawEncoding: fc.boolean(),
      authorised: fc.boolean(),
      bodyKind: fc.constantFrom('fields', 'hostile', 'file', 'none'),
      fieldValues: fc.array(jsonValue, { minLength: 8, maxLength: 8 }),
      hostile: fc.constantFrom(...bodies),
      file: fc.constantFrom(...files),
      kind: fc.constantFrom('cases', 'tests', 'counts', 'x', ''),
    })
    .map((d): FuzzRequest => {
      const { route } = d;
      let path = route.path;
      route.params.forEach((name, i) => (path = path.replace(`{${name}}`, encodePart(d.params[i] || 'x', d.rawEncoding))));
      const names = route.query.length > 0 ? route.query : ['date'];
      const query = d.query.map(([n, v]) => `${names[n % names.length]}=${encodePart(v, d.rawEncoding)}`).join('&');
      const headers: Record<string, string> = {};
      if (d.authorised) headers.authorization = `Bearer ${token}`;
      let body: Buffer | undefined;
      let label = `${route.method} ${route.path}`;
      if (route.takesBody && d.bodyKind !== 'none') {
        if (route.multipart && d.bodyKind === 'file') {
          const form = multipartBody(d.file, { kind: d.kind });
          headers['content-type'] = form.type;
          body = form.body;
          label += ` file:${d.file.label}`;
        } else if (d.bodyKind === 'hostile') {
          headers['content-type'] = d.hostile.type;
          body = d.hostile.body;
          label += ` body:${d.hostile.label}`;
        } else {
          const fields = route.bodyFields.length > 0 ? route.bodyFields : ['id', 'date', 'reason'];
          const object = Object.fromEntries(fields.map((f, i) => [f, d.fieldValues[i % d.fieldValues.length]]));
          headers['content-type'] = 'application/json';
          body = Buffer.from(JSON.stringify(INTAKE_PATHS.has(route.path) ? [object] : object));
          label += ' body:fields';
        }
      }
      return { method: route.method, url: query ? `${path}?${query}` : path, headers, body, label };
    });
}

/** Sends one request; a socket the server dropped counts as a failure, like a 5xx. */
export async function send(base: string, request: FuzzRequest): Promise<FuzzOutcome> {
  let response: Response;
  try {
    response = await fetch(base + request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ? new Uint8Array(request.body) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(Number(process.env.FUZZ_TIMEOUT_MS ?? 30_000)),
    });
  } catch (error) {
    return { request, status: 599, problem: `no answer: ${(error as Error).message}` };
  }
  const text = await response.text();
  // No answer, refusal or not, shows where the product lives on the server's disk.
  if (text.includes(PROJECT_ROOT) || text.includes(tmpdir())) return { request, status: response.status, problem: 'an internal path in the answer' };
  return { request, status: response.status, problem: problemDefect(response, text, request) };
}

/** What is wrong with a refusal: not a problem document, or one whose status is not the response's. Null when fine. */
function problemDefect(response: Response, text: string, request: FuzzRequest): string | null {
  if (response.status < 400) return null;
  const type = response.headers.get('content-type') ?? '';
  // An embed is a page inside another site's iframe: a browser asking for it gets its refusal as a
  // page (docs/embeds.md); asked for JSON, it answers a problem document like the API.
  const askedJson = /json/.test(request.headers.accept ?? '');
  if (request.url.startsWith('/embed/') && !askedJson && type.startsWith('text/html')) return null;
  if (!type.includes('application/problem+json')) return `content-type ${type}`;
  try {
    const doc = JSON.parse(text) as { type?: unknown; title?: unknown; status?: unknown };
    if (typeof doc.type !== 'string' || typeof doc.title !== 'string') return 'no type or title';
    if (doc.status !== response.status) return `status ${String(doc.status)} in a ${response.status}`;
    return null;
  } catch {
    return 'body is not JSON';
  }
}

/** The outcomes that break the contract: a 5xx (or no answer), a refusal that is no problem document, an internal path shown. */
export function failures(outcomes: FuzzOutcome[]): FuzzOutcome[] {
  return outcomes.filter((o) => o.status >= 500 || o.problem !== null);
}

/** Outcomes counted by status, for the bench's table. */
export function statusCounts(outcomes: FuzzOutcome[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => a[0] - b[0]));
}

/** Every route with every hostile body and every hostile file once: the corpus half of the run. */
export function corpusRequests(
  routes: FuzzRoute[],
  token: string,
  bodies: ReturnType<typeof hostileBodies>,
  files: Awaited<ReturnType<typeof hostileFiles>>,
): FuzzRequest[] {
  const requests: FuzzRequest[] = [];
  const auth = { authorization: `Bearer ${token}` };
  for (const route of routes) {
    const path = route.params.reduce((p, name) => p.replace(`{${name}}`, '26734'), route.path);
    for (const value of ['2021-13-01', '0000-00-00', '\ud800', '%ZZ'])
      for (const name of route.query)
        requests.push({
          method: route.method,
          url: `${path}?${name}=${encodePart(value, true)}`,
          headers: auth,
          label: `${route.method} ${route.path} ?${name}=${value}`,
        });
    if (!route.takesBody) continue;
    for (const b of bodies)
      requests.push({
        method: route.method,
        url: path,
        headers: { ...auth, 'content-type': b.type },
        body: b.body,
        label: `${route.method} ${route.path} body:${b.label}`,
      });
    if (route.multipart)
      for (const f of files) {
        const form = multipartBody(f, { kind: 'cases' });
        requests.push({
          method: route.method,
          url: path,
          headers: { ...auth, 'content-type': form.type },
          body: form.body,
          label: `${route.method} ${route.path} file:${f.label}`,
        });
      }
  }
  return requests;
}

export interface FuzzTarget {
  base: string;
  token: string;
  routes: FuzzRoute[];
  close(): Promise<void>;
}

/**
 * A listening server over `store` with the HCMC 2021 geography, the demo campaign and a
 * whole-city admin token, so write routes get past authentication and meet the hostile input.
 */
export async function fuzzTarget(store: Store): Promise<FuzzTarget> {
  await importGeoFiles(store.db, hcmc2021Files(), 'fuzz');
  await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'fuzz', 'fuzz');
  const { token } = await createToken(store.db, { label: 'fuzz', role: 'admin', scope: '79' }, 'fuzz');
  const { app } = await buildApp({ store });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const routes = routesOf(app.swagger() as unknown as Parameters<typeof routesOf>[0]);
  return { base: `http://127.0.0.1:${port}`, token, routes, close: () => app.close() };
}

/** The corpus, then `generated` drawn requests from `seed`: every outcome, in order. */
export async function fuzzRun(target: FuzzTarget, generated: number, seed: number): Promise<FuzzOutcome[]> {
  const bodies = hostileBodies();
  const files = await hostileFiles();
  const outcomes: FuzzOutcome[] = [];
  for (const request of corpusRequests(target.routes, target.token, bodies, files)) outcomes.push(await send(target.base, request));
  const drawn = fc.sample(fuzzRequestArbitrary(target.routes, target.token, bodies, files), { numRuns: generated, seed });
  for (const request of drawn) outcomes.push(await send(target.base, request));
  return outcomes;
}

/** One line per failure, for an assertion message or the bench's report. */
export function describeFailures(found: FuzzOutcome[], limit = 20): string {
  return found
    .slice(0, limit)
    .map((o) => `${o.status} ${o.request.label} → ${o.request.url.slice(0, 120)}${o.problem ? ` (${o.problem})` : ''}`)
    .join('\n');
}
