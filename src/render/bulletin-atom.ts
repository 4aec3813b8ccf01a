import { createHash } from 'node:crypto';

import { toHtml } from '../core/bulletin/bulletin-document.ts';
import type { Bulletin } from '../core/bulletin/bulletin-model.ts';
import { writeBulletin } from '../core/bulletin/bulletin-text.ts';

/**
 * The bulletins as an Atom feed (RFC 4287), newest first, one entry per day: its Vietnamese text
 * then its English one as HTML content, a link to the day on /ban-tin and to its downloads. Ids
 * are name-based UUIDs of the date, so an entry keeps its id whichever host serves the feed; links
 * are relative, resolved against the feed's own address (RFC 4287 §4.2.7, xml:base).
 */

/** Entries in the feed: a reader wants the recent days; the list API has them all. */
export const FEED_ENTRIES = 30;

/** Fixed namespace of the bulletins' UUIDs (RFC 9562 name-based, SHA-1). */
const NAMESPACE = 'a6f7c3a0-5b1e-4c1d-9d3e-7a2b8c4d5e6f';

export function bulletinFeed(bulletins: readonly Bulletin[], selfHref = '/api/v1/bulletins.atom'): string {
  const updated = bulletins.map(entryUpdated).reduce((a, b) => (a > b ? a : b), '1970-01-01T00:00:00.000Z');
  const entries = bulletins.map((b) => {
    const vi = writeBulletin(b, 'vi');
    const en = writeBulletin(b, 'en');
    const html = `<h2 lang="vi">${escape(vi.title)}</h2>\n${toHtml(vi)}\n<h2 lang="en">${escape(en.title)}</h2>\n${toHtml(en)}`;
    return `  <entry>
    <id>${uuidOf(`bulletin/${b.date}`)}</id>
    <title>${escape(vi.title)} / ${escape(en.title)}</title>
    <updated>${entryUpdated(b)}</updated>
    <link rel="alternate" type="text/html" href="/ban-tin?date=${b.date}"/>
    <link rel="alternate" type="text/markdown" hreflang="vi" href="/api/v1/bulletins/${b.date}.md?lang=vi"/>
    <link rel="alternate" type="text/markdown" hreflang="en" href="/api/v1/bulletins/${b.date}.md?lang=en"/>
    <link rel="enclosure" type="application/vnd.openxmlformats-officedocument.wordprocessingml.document" href="/api/v1/bulletins/${b.date}.docx"/>
    <content type="html">${escape(html)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi" xml:base="/">
  <id>${uuidOf('bulletins')}</id>
  <title>Vùng Xanh — Bản tin bản đồ vùng xanh COVID-19 / Green-zone map bulletins</title>
  <subtitle>Bản tin hằng ngày từ số liệu công bố / Daily bulletins from the published figures</subtitle>
  <author><name>Vùng Xanh</name></author>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${escape(selfHref)}"/>
  <link rel="alternate" type="text/html" href="/ban-tin"/>
${entries.join('\n')}
</feed>
`;
}

/** An entry changes when its official cut is frozen, else with each recompute of the levels. */
function entryUpdated(b: Bulletin): string {
  return b.cutAt ?? b.computedAt;
}

function uuidOf(name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex'))
    .update(name)
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
