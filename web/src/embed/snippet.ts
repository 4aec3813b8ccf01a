import { escapeHtml } from '../view/html.ts';

export interface SnippetChoice {
  /** This server's origin, which the embedding site's page loads the frame from. */
  origin: string;
  code: string;
  view: 'card' | 'map';
  lang: 'vi' | 'en';
  width: number;
  height: number;
  /** The frame's accessible name, read by screen readers on the embedding page. */
  title: string;
}

/** Sizes a site may ask for: from a phone column (300 px) to a wide article. */
export const WIDTH_RANGE = { min: 300, max: 1200 } as const;
export const HEIGHT_RANGE = { min: 200, max: 1600 } as const;

/** The default height of each view at the default width: a card is short, a map is near square. */
export const DEFAULT_SIZE = { card: { width: 400, height: 300 }, map: { width: 400, height: 560 } } as const;

/** The embed's address for a choice: `/embed/{code}` with its view and language (docs/embeds.md). */
export function embedUrl(c: Pick<SnippetChoice, 'origin' | 'code' | 'view' | 'lang'>): string {
  const query = new URLSearchParams({ view: c.view });
  if (c.lang === 'en') query.set('lang', 'en');
  return `${c.origin}/embed/${encodeURIComponent(c.code)}?${query}`;
}

/** A size kept within what the embed fits (a number out of range is brought to the nearest bound). */
export function clampSize(value: number, range: { min: number; max: number }, fallback: number): number {
  if (!Number.isFinite(value)) return fallback;
  return Math.min(range.max, Math.max(range.min, Math.round(value)));
}

/**
 * The HTML a site pastes: a lazy-loaded iframe with its accessible name, no border, and a width
 * that shrinks to its column on a phone (max-width: 100%).
 */
export function iframeSnippet(c: SnippetChoice): string {
  return `<iframe src="${escapeHtml(embedUrl(c))}" width="${c.width}" height="${c.height}" title="${escapeHtml(c.title)}" loading="lazy" style="border:0;max-width:100%"></iframe>`;
}
