import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The security headers every answer carries, pages and API alike (helmet): a content security
 * policy that lets the pages run only their own scripts, nosniff, no referrer, no framing, and
 * HSTS on answers that reached the client over TLS.
 *
 * What the web app needs, and so is allowed: its own scripts and /config.js; MapLibre's workers,
 * started from blob: URLs, and its data:/blob: images; inline style attributes, which the pages
 * write for level swatches (style-src 'unsafe-inline' covers styles only, never scripts); the
 * basemap an operator configures (VX_BASEMAP_STYLE's origin, and VX_BASEMAP_ORIGINS for tile,
 * glyph or sprite hosts elsewhere). Framing is refused ('none', and X-Frame-Options DENY for old
 * browsers): the app is never shown inside another site, where a click could be stolen. The
 * embeds alone (/embed/…) answer with EMBED_HELMET instead.
 */
export async function securityHeaders(app: FastifyInstance, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const basemap = basemapOrigins(env);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...basemap],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...basemap],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Sent below, and only over TLS: over plain HTTP a browser ignores it, and a server reached
    // without TLS (a laptop demo, a test) must not tell anyone it always speaks HTTPS.
    strictTransportSecurity: false,
  });
  // request.protocol is 'https' when this server terminates TLS, or when a trusted proxy
  // (VX_TRUST_PROXY, client-address.ts) says so in X-Forwarded-Proto.
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}

/**
 * The embeds' headers (routes/embeds.ts, docs/embeds.md), in place of the app's: any site may
 * frame them (`frame-ancestors *`, no X-Frame-Options), and everything else is stricter than the
 * app's — no script at all, styles only from this server's stylesheet (no inline style), images
 * only its own, no form, no base. They hold no session-bound action to hijack: a read-only page.
 */
export const EMBED_HELMET = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ['*'],
    },
  },
  xFrameOptions: false,
  // An embedding page loads this document in its frame, across origins.
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: false,
} as const;

/** The origins the configured basemap loads from (its style's, and any listed in VX_BASEMAP_ORIGINS). */
function basemapOrigins(env: NodeJS.ProcessEnv): string[] {
  const origins = new Set<string>();
  for (const url of [env.VX_BASEMAP_STYLE, ...(env.VX_BASEMAP_ORIGINS ?? '').split(/[\s,]+/)]) {
    if (!url) continue;
    try {
      origins.add(new URL(url).origin);
    } catch {
      // Not a URL (a relative style path is served by this server, 'self' covers it).
    }
  }
  return [...origins];
}
