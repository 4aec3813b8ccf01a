import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { AppContext } from './context.ts';
import { publicOriginOf } from './request-origin.ts';

/**
 * Open Graph and Twitter tags in the pages' HTML (issue #20 item 3, docs/verify.md). Link previews
 * (chat apps, social networks) run no JavaScript, so the tags are written into the HTML the server
 * sends: the built page read once, the tags put before `</head>`. Each points at its image: the
 * unit's card for a unit's URL (`/?unit=…`, or the share URL `/don-vi/{code}`), the city map
 * otherwise. Only <meta> tags are added: the content security policy is untouched.
 */

interface PageWords {
  file: string;
  title: string;
  description: string;
}

/** The public pages and what their previews say (Vietnamese: the audience's language; the pages switch to English themselves). */
const MAP: PageWords = {
  file: 'index.html',
  title: 'Vùng Xanh — Bản đồ mức nguy cơ COVID-19',
  description: 'Bản đồ mức nguy cơ COVID-19 của từng phường, xã, cập nhật trực tiếp — lý do và đường tới vùng xanh.',
};
const BULLETIN: PageWords = {
  file: 'ban-tin.html',
  title: 'Vùng Xanh — Bản tin hằng ngày',
  description: 'Bản tin báo chí hằng ngày về bản đồ vùng xanh COVID-19; mọi con số kèm lời gọi API nguồn.',
};
const VERIFY: PageWords = {
  file: 'verify.html',
  title: 'Vùng Xanh — Kiểm chứng ảnh',
  description: 'Kiểm chứng ảnh và bản tin của Vùng Xanh: mã QR, chữ ký và bản chính thức đặt cạnh nhau.',
};
/** Each page under every path it is served at (with and without `.html`). */
const PAGES: Record<string, PageWords> = {
  '/': MAP,
  '/index.html': MAP,
  '/campaign.html': {
    file: 'campaign.html',
    title: 'Vùng Xanh — Phong trào thi đua',
    description: 'Bảng xếp hạng thi đua “Vùng Xanh” và tiến độ của thành phố, từ số liệu đã công bố.',
  },
  '/ban-tin': BULLETIN,
  '/ban-tin.html': BULLETIN,
  '/du-lieu.html': {
    file: 'du-lieu.html',
    title: 'Vùng Xanh — Dữ liệu mở',
    description: 'Mức nguy cơ, lý do, số ca hằng ngày và bảng xếp hạng dạng CSV, JSON, GeoJSON.',
  },
  '/nhung.html': { file: 'nhung.html', title: 'Vùng Xanh — Nhúng bản đồ', description: 'Nhúng bản đồ hoặc thẻ đơn vị của Vùng Xanh vào trang web của bạn.' },
  '/verify': VERIFY,
  '/verify.html': VERIFY,
};

/** Pages kept with their tags: a few pages × units shared × origins, per feed position. */
const KEPT = 200;

function attr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface ShareMeta {
  title: string;
  description: string;
  url: string;
  image: string;
}

/** The tags, one per line. */
export function metaTags(meta: ShareMeta): string {
  const tags: Array<[string, string, string]> = [
    ['property', 'og:type', 'website'],
    ['property', 'og:site_name', 'Vùng Xanh'],
    ['property', 'og:locale', 'vi_VN'],
    ['property', 'og:title', meta.title],
    ['property', 'og:description', meta.description],
    ['property', 'og:url', meta.url],
    ['property', 'og:image', meta.image],
    ['property', 'og:image:width', '1200'],
    ['property', 'og:image:height', '630'],
    ['property', 'og:image:alt', meta.title],
    ['name', 'twitter:card', 'summary_large_image'],
    ['name', 'twitter:title', meta.title],
    ['name', 'twitter:description', meta.description],
    ['name', 'twitter:image', meta.image],
  ];
  return tags.map(([key, name, content]) => `<meta ${key}="${name}" content="${attr(content)}" />`).join('\n    ');
}

/** Serves the public pages with their tags; the static plugin still serves everything else. */
export function pageMetaRoutes(app: FastifyInstance, ctx: AppContext, webRoot: string): void {
  const files = new Map<string, string>();
  const kept = new Map<string, string>();
  let keptAt = -1;
  const html = (file: string): string | null => {
    let text = files.get(file);
    if (text === undefined) {
      const path = join(webRoot, file);
      if (!existsSync(path)) return null;
      files.set(file, (text = readFileSync(path, 'utf8')));
    }
    return text;
  };
  /** The unit a URL names, if the geography knows it. */
  const unitOf = (code: unknown) => (typeof code === 'string' && /^[0-9A-Za-z@._-]{1,64}$/.test(code) ? ctx.geography().hierarchy.get(code) : undefined);

  const send = (request: FastifyRequest, reply: FastifyReply, path: string, words: PageWords, unitCode: unknown, extraHead = '') => {
    const page = html(words.file);
    if (page === null) return reply.callNotFound();
    const origin = publicOriginOf(request);
    const unit = unitOf(unitCode);
    // Kept per feed position: a unit's card names its level, which the feed moves.
    if (keptAt !== ctx.feed.position || kept.size >= KEPT) {
      kept.clear();
      keptAt = ctx.feed.position;
    }
    const key = JSON.stringify([path, words.file, unit?.code ?? null, origin, extraHead]);
    let body = kept.get(key);
    if (body === undefined) {
      const parent = unit?.parentCode ? ctx.geography().hierarchy.get(unit.parentCode) : undefined;
      const meta: ShareMeta = unit
        ? {
            title: `Vùng Xanh — Mức nguy cơ COVID-19: ${unit.name}${parent ? `, ${parent.name}` : ''}`,
            description: `Màu của ${unit.name} hôm nay, lý do và đường tới vùng xanh — bản đồ mức nguy cơ COVID-19.`,
            url: `${origin}/?unit=${encodeURIComponent(unit.code)}`,
            image: `${origin}/api/v1/images/unit-card.png?unit=${encodeURIComponent(unit.code)}`,
          }
        : { title: words.title, description: words.description, url: `${origin}${path}`, image: `${origin}/api/v1/images/city-map.png` };
      body = page.replace('</head>', `    ${metaTags(meta)}${extraHead}\n  </head>`);
      kept.set(key, body);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(body);
  };

  for (const [path, words] of Object.entries(PAGES))
    app.get<{ Querystring: { unit?: string } }>(path, { schema: { hide: true } }, (request, reply) => send(request, reply, path, words, request.query.unit));

  // A unit's share URL: the preview shows its card; a browser goes on to the map, opened on the unit.
  app.get<{ Params: { code: string } }>('/don-vi/:code', { schema: { hide: true } }, (request, reply) => {
    const unit = unitOf(request.params.code);
    if (!unit) return reply.redirect('/', 302);
    const target = `/?unit=${encodeURIComponent(unit.code)}`;
    return send(request, reply, '/', PAGES['/'], unit.code, `\n    <meta http-equiv="refresh" content="0; url=${attr(target)}" />`);
  });
}
