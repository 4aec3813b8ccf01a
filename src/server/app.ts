import { existsSync } from 'node:fs';
import { join } from 'node:path';

import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';

import { AlertProcessor } from '../app/alerts.ts';
import { startServices } from '../app/services.ts';
import { fileKeyRing, type KeyRing, memoryKeyRing, signingKeyPath } from '../app/signing-keys.ts';
import { type WebhookPolicy, webhookPolicy, WebhookWorker } from '../app/webhook-worker.ts';
import type { Bus } from '../bus/bus.ts';
import { CurrentAssessmentSchema, PathToGreenSchema, problems, ReasonSchema } from '../contract/index.ts';
import type { AlertRules } from '../core/alerts/alert-rules.ts';
import { loadAlertRules } from '../files/alert-rules-file.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan, unstorableTextPath } from '../files/json-limits.ts';
import { projectPath } from '../files/project-root.ts';
import { authenticateToken, tokenIdOf } from '../store/accounts-store.ts';
import type { Store } from '../store/database.ts';
import { installAuth } from './auth.ts';
import { type TrustProxy, trustProxyFrom } from './client-address.ts';
import { installCompression } from './compression.ts';
import type { AppContext } from './context.ts';
import { installHttpCaching } from './http-caching.ts';
import { pageMetaRoutes } from './page-meta.ts';
import { jsonBodyProblem, problemErrorHandler, problemOf } from './problem.ts';
import { alertRoutes } from './routes/alerts.ts';
import { analystReadRoutes, analystRoutes } from './routes/analyst.ts';
import { appealRoutes } from './routes/appeals.ts';
import { assessmentRoutes } from './routes/assessments.ts';
import { auditRoutes } from './routes/audit.ts';
import { bulletinRoutes } from './routes/bulletins.ts';
import { campaignAdminRoutes } from './routes/campaign-admin.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { caseRoutes } from './routes/cases.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
// Demo (issue 7)
import { demoRoutes } from './routes/demo.ts';
import { embedRoutes } from './routes/embeds.ts';
import { geoRoutes } from './routes/geo.ts';
import { imageRoutes } from './routes/images.ts';
// Intake (issue 3)
import { intakeRoutes } from './routes/intake.ts';
import { levelDateRoutes, levelRoutes } from './routes/levels.ts';
import { neighbourhoodListRoutes } from './routes/neighbourhood-list.ts';
import { openDataRoutes } from './routes/open-data.ts';
import { rewardRoutes } from './routes/rewards.ts';
import { rulebookRoutes } from './routes/rulebooks.ts';
import { signInRoutes } from './routes/session.ts';
import { shareRoutes } from './routes/share.ts';
import { streamRoutes } from './routes/stream.ts';
import { unitRoutes } from './routes/units.ts';
import { webConfigRoutes } from './routes/web-config.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { securityHeaders } from './security-headers.ts';
import { installSessions, type SessionOptions, sessionPrincipal } from './session-auth.ts';

export interface AppOptions {
  store: Store;
  /** A shared bus (Redis) that wakes this deployment's other instances sooner; optional. */
  bus?: Bus | null;
  /** How often the change feed is polled (default: 100 ms on SQLite, 1 s on PostgreSQL). */
  feedPollMs?: number;
  /** Folder of the built web app; the API runs without it (tests of the API alone). */
  webRoot?: string;
  /** Log requests (to stdout, or to `stream`: tests read what a server logs, e.g. never a password). */
  logger?: boolean | { stream: NodeJS.WritableStream };
  /** The clock the server lives by (default the wall clock; the demo passes its simulated clock). */
  now?: () => Date;
  /** Sign-in for people: cookie flags, session lifetime, throttle (session-auth.ts; defaults in docs/accounts.md). */
  session?: Partial<SessionOptions>;
  /** Which proxies' X-Forwarded-* to believe (default: VX_TRUST_PROXY, else none; client-address.ts). */
  trustProxy?: TrustProxy;
  /** The signing keys (docs/verify.md); default: the key file beside the database (signingKeyPath), made at first start. */
  signing?: KeyRing;
  /** Alerts (docs/alerts.md): the rules (default data/alert-rules.json) and the webhook sender's policy; false runs neither. */
  alerts?: { rules?: AlertRules; webhooks?: Partial<WebhookPolicy> } | false;
}

export const DEFAULT_WEB_ROOT = projectPath('dist', 'web');

/** Builds the HTTP server: public API, OpenAPI document, problem details, static web app. */
export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; ctx: AppContext }> {
  const app = Fastify({
    logger: options.logger ? { level: 'info', ...(typeof options.logger === 'object' ? { stream: options.logger.stream } : {}) } : false,
    bodyLimit: 16 * 1024 * 1024,
    // A short URL's token (/v/{token}, docs/verify.md) is about 110 characters; past 200 no route reads it.
    routerOptions: { maxParamLength: 200 },
    trustProxy: options.trustProxy ?? trustProxyFrom(process.env.VX_TRUST_PROXY),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
    // A URL the router cannot read (a bad %-escape, a parameter past 200 characters) is refused
    // before any route runs; it gets a problem document like every other refusal.
    frameworkErrors: (error, request, reply) => {
      problemErrorHandler(error, request, reply);
    },
  });
  const { services, close } = await startServices({ store: options.store, bus: options.bus, now: options.now, feedPollMs: options.feedPollMs });
  const keyFile = signingKeyPath(options.store.location);
  const signing = options.signing ?? (keyFile ? fileKeyRing(keyFile) : memoryKeyRing());
  signing.publicKeys(); // made (or read) now: a key file that cannot be written stops the start, not a later image
  const ctx: AppContext = { ...services, signing, replay: null };
  if (options.alerts !== false) {
    // Every instance raises alerts (each once per deployment) and sends webhook deliveries.
    ctx.alertRules = options.alerts?.rules ?? loadAlertRules();
    ctx.alerts = AlertProcessor.start(services, ctx.alertRules);
    const worker = (ctx.webhooks = new WebhookWorker(services, webhookPolicy(options.alerts?.webhooks)));
    ctx.alerts.onRaised(() => worker.wake());
  }
  app.addHook('onClose', async () => {
    await ctx.alerts?.close();
    await ctx.webhooks?.close();
    await close();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vùng Xanh API',
        version: '1',
        description: 'Bản đồ nguy cơ COVID-19 và phong trào thi đua — risk map and emulation campaign API. Errors are RFC 9457 problem details.',
      },
      tags: [
        { name: 'geography', description: 'Đơn vị hành chính và ranh giới / administrative units and boundaries' },
        { name: 'risk', description: 'Mức độ nguy cơ, lý do, lộ trình về xanh / risk levels, reasons, path to green' },
        { name: 'analyst', description: 'Yếu tố nguy cơ và điều chỉnh mức của cán bộ phân tích / analyst risk factors and overrides' },
        { name: 'intake', description: 'Nhập ca bệnh, xét nghiệm, số ca / cases, tests and counts intake (data_officer token)' },
        { name: 'appeals', description: 'Khiếu nại màu của ban chỉ đạo và quyết định của cán bộ phân tích / committee appeals and analyst decisions' },
        {
          name: 'rewards',
          description: 'Khen thưởng: tiêu chí, đề nghị, xét duyệt, quyết định, công bố / rewards: scheme, nominations, review, decisions, publication',
        },
        { name: 'alerts', description: 'Cảnh báo cho ban chỉ đạo, luồng trực tiếp và webhook / alerts for committees, their live stream and webhooks' },
        { name: 'demo', description: 'Dữ liệu mô phỏng và phát lại / simulated data notice and the demo replay (controls: admin token)' },
        { name: 'bulletins', description: 'Bản tin hằng ngày, mỗi con số kèm lời gọi API nguồn / the daily press bulletin, each figure with its source call' },
        { name: 'share', description: 'Khoá ký công khai và kiểm chứng ảnh, bản tin / public signing keys and verifying images and bulletins' },
        { name: 'images', description: 'Ảnh bản đồ, thẻ đơn vị, xếp hạng, tiến độ (PNG, SVG, áp phích A3 PDF) / images for the press and social networks' },
      ],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'vungxanh token create --role data_officer --scope <unit>' } } },
    },
  });
  await securityHeaders(app); // CSP, nosniff, no framing, HSTS over TLS: on every answer, pages and API
  app.setErrorHandler(problemErrorHandler);
  // An answer sent before the request's body was read (an upload refused at its first field) would
  // leave the rest of that body in the connection, and every later request on it unanswered:
  // such a connection is closed after the answer, and the client opens a fresh one.
  // A NUL or half a surrogate pair in a path or query value reaches no route: PostgreSQL refuses
  // NUL in text, and neither is in any code, id or name. Nor does a number too large to be one
  // ("1e309"): the validator's coercion turns it into Infinity, which its integer bounds then let
  // through (Ajv checks limits on finite numbers only). Checked once here rather than per schema.
  app.addHook('preValidation', async (request) => {
    for (const [where, values] of [
      ['params', request.params],
      ['querystring', request.query],
    ] as const) {
      const broken = unstorableTextPath(values);
      if (broken !== null) throw problems.invalidRequest.unstorableText(`${where}.${broken}`);
      const overflowing = overflowingNumberField(values);
      if (overflowing !== null) throw problems.invalidRequest.field(`${where}.${overflowing}`, 'số vượt quá giới hạn / number out of range');
    }
  });
  app.addHook('onSend', async (request, reply) => {
    if (!request.raw.complete) reply.header('connection', 'close');
  });
  // Fastify's JSON parser (its prototype-poisoning checks kept) answers a bad body in English
  // alone and without where it broke; its refusals are restated. The intake routes parse their
  // own bodies (routes/intake.ts) and say it the same way.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // Refused before anything recursive reads them (json-limits.ts): hostile nesting, broken Unicode.
    if (nestsDeeperThan(body as string)) return done(problems.invalidRequest.tooDeep(MAX_JSON_DEPTH));
    // Fastify's parser answers through the callback; the promise its type allows carries nothing more.
    void defaultJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) return done(jsonBodyProblem(body as string, error));
      const broken = unstorableTextPath(value);
      if (broken !== null) return done(problems.invalidRequest.unstorableText(broken));
      done(null, value);
    });
  });
  app.setNotFoundHandler((request, reply) => problemOf(reply, request, problems.notFound.route(request.method, request.url.split('?')[0])));

  // Every write route states its callers in `config.auth`; this one hook checks them (auth.ts).
  const sessions = installSessions(app, options.store.db, options.session, () => ctx.geography().hierarchy); // people signed in (docs/accounts.md)
  installAuth(app, {
    resolve: (token) => authenticateToken(options.store.db, token),
    isCityRoot: (scope) => ctx.geography().hierarchy.get(scope)?.parentCode === null,
    session: (request, auth) => sessionPrincipal(request, auth, (scope) => ctx.geography().hierarchy.get(scope)?.parentCode === null),
    tokenId: tokenIdOf,
  });
  installHttpCaching(app); // ETag + Cache-Control (and 304) on every GET, before compression reads the ETag
  await installCompression(app); // brotli/gzip for every route registered below; not the live stream
  app.addSchema(ReasonSchema);
  app.addSchema(CurrentAssessmentSchema);
  app.addSchema(PathToGreenSchema);
  unitRoutes(app, ctx);
  levelDateRoutes(app, ctx);
  levelRoutes(app, ctx);
  assessmentRoutes(app, ctx);
  rulebookRoutes(app, ctx);
  analystReadRoutes(app, ctx);
  analystRoutes(app, ctx);
  geoRoutes(app, ctx);
  await neighbourhoodListRoutes(app, ctx); // a ward committee corrects its own khu phố/ấp list
  streamRoutes(app, ctx);
  webConfigRoutes(app);
  caseRoutes(app, ctx);
  openDataRoutes(app, ctx); // open data: levels, reasons, counts, standings as files; dictionary; archive (issue #20 item 5)
  // Intake (issue 3)
  await intakeRoutes(app, ctx);
  campaignRoutes(app, ctx); // campaigns: standings, progress, candidates (levels from ctx.levelHistory)
  campaignAdminRoutes(app, ctx); // an admin token whose scope is the campaign's root (the city)
  demoRoutes(app, ctx); // status (simulated data?) and the replay's controls
  signInRoutes(app, ctx, sessions); // sign-in, sign-out, and the admin page's users (issue #18)
  auditRoutes(app, ctx); // the audit log, read-only, for whole-city admins (issue #18 item 4)
  dashboardRoutes(app, ctx); // a steering committee's dashboard of a unit within its scope (issue #18 item 2)
  await appealRoutes(app, ctx); // a committee contests a colour, an analyst decides (issue #18 item 5)
  await rewardRoutes(app, ctx); // nominations, the Board's review, decisions and the public list (issue #19)
  embedRoutes(app, ctx); // the iframe widget other sites embed; the one route any site may frame (issue #20 item 4)
  bulletinRoutes(app, ctx); // the daily press bulletin: JSON, Markdown, DOCX, Atom (issue #20 item 1)
  await shareRoutes(app, ctx); // signing keys, short URLs /v/{token}, POST /api/v1/verify (issue #20 item 3)
  imageRoutes(app, ctx); // server-rendered images: maps, unit card, standings, progress; PNG, SVG, A3 PDF (issue #20 item 2)
  alertRoutes(app, ctx); // the committees' inbox and signed-in alert stream (issue #18 item 3)
  webhookRoutes(app, ctx); // outgoing, signed webhooks for alerts (admin)
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  if (existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: ['index.html'], maxAge: '1h', preCompressed: true });
    // The public pages with their Open Graph tags, including the bulletins' short address /ban-tin
    // (read out on air) and /verify, where a short URL lands (docs/verify.md).
    pageMetaRoutes(app, ctx, webRoot);
  }
  await app.ready();
  return { app, ctx };
}

/** The first path or query value written as a number that no JavaScript number holds (it would coerce to ±Infinity). */
function overflowingNumberField(values: unknown): string | null {
  if (typeof values !== 'object' || values === null) return null;
  for (const [key, value] of Object.entries(values)) {
    for (const one of [value].flat()) {
      if (typeof one === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(one) && !Number.isFinite(Number(one))) return key;
    }
  }
  return null;
}
