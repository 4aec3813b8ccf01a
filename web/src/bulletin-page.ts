import './style.css';

import type { BulletinDto, BulletinList, ProblemDocument } from '../../src/contract/index.ts';
import { toHtml } from '../../src/core/bulletin/bulletin-document.ts';
import { issuer, writeBulletin } from '../../src/core/bulletin/bulletin-text.ts';
import { displayDate, displayDateTime } from './model/format.ts';
import { escapeHtml } from './view/html.ts';

/**
 * "Bản tin" (/ban-tin, issue #20 item 1, docs/bulletin.md): the daily press bulletins, one per
 * day, newest first. The page words a bulletin with the same core writer the Markdown, DOCX and
 * Atom renderings use, from the JSON figures, so every figure links to its API source here too.
 * `?date=` picks the day, `?lang=en` the language; both stay in the address to share.
 */

type Lang = 'vi' | 'en';

const STRINGS = {
  vi: {
    pageTitle: 'Bản tin',
    docTitle: 'Vùng Xanh — Bản tin',
    navMap: 'Bản đồ',
    navCampaign: 'Thi đua',
    navBulletin: 'Bản tin',
    skip: 'Đến bản tin',
    days: 'Các bản tin',
    feed: 'Theo dõi qua Atom',
    downloads: 'Tải về',
    verifyThis: 'Kiểm chứng bản tin này:',
    verifyQr: 'Mã QR của đường dẫn kiểm chứng',
    markdownVi: 'Markdown (tiếng Việt)',
    markdownEn: 'Markdown (tiếng Anh)',
    docx: 'Word (DOCX)',
    json: 'Số liệu (JSON)',
    pages: 'Trang',
    switchShort: 'EN',
    switchTo: 'Switch to English',
    loading: 'Đang tải bản tin…',
    none: 'Chưa có bản tin nào: bản tin có khi bản đồ đã có mức nguy cơ của ngày.',
    failed: 'Không tải được bản tin.',
    updated: (time: string) => `Bản tin vừa cập nhật theo số liệu mới (${time}).`,
    images: 'Ảnh cho báo chí và mạng xã hội',
    imagesNote: 'Mỗi ảnh ghi thời điểm số liệu và nguồn. Áp phích A3 dùng để in.',
    imageNames: { 'city-map': 'Bản đồ toàn thành phố', standings: 'Xếp hạng phường, xã, thị trấn (10 đầu)', progress: 'Tiến độ phong trào' },
    imageAlt: (name: string, date: string) => `${name}, ngày ${date}`,
    poster: 'Áp phích A3 (PDF)',
  },
  en: {
    pageTitle: 'Bulletin',
    docTitle: 'Vùng Xanh — Bulletin',
    navMap: 'Map',
    navCampaign: 'Emulation',
    navBulletin: 'Bulletin',
    skip: 'Skip to the bulletin',
    days: 'Bulletins',
    feed: 'Follow by Atom',
    downloads: 'Download',
    verifyThis: 'Verify this bulletin:',
    verifyQr: 'QR code of the verification link',
    markdownVi: 'Markdown (Vietnamese)',
    markdownEn: 'Markdown (English)',
    docx: 'Word (DOCX)',
    json: 'Figures (JSON)',
    pages: 'Pages',
    switchShort: 'VI',
    switchTo: 'Chuyển sang tiếng Việt',
    loading: 'Loading the bulletin…',
    none: 'No bulletin yet: a bulletin comes once the map has the day’s levels.',
    failed: 'The bulletin could not be loaded.',
    updated: (time: string) => `Bulletin updated with new figures (${time}).`,
    images: 'Images for the press and social networks',
    imagesNote: 'Each image states its data time and its source. The A3 poster is for print.',
    imageNames: { 'city-map': 'City map', standings: 'Ward standings (top 10)', progress: 'Campaign progress' },
    imageAlt: (name: string, date: string) => `${name}, ${date}`,
    poster: 'A3 poster (PDF)',
  },
} as const;

const params = new URLSearchParams(location.search);
let lang: Lang = params.get('lang') === 'en' ? 'en' : 'vi';
let selected: string | null = params.get('date');
let dates: string[] = [];
let bulletin: BulletinDto | null = null;
let problem: string | null = null;
/** When the levels of the bulletin shown were computed, once a live event reloaded it. */
let updatedAt: Date | null = null;
const t = () => STRINGS[lang];
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** The page's address for a day and language: what a link to it shares. */
function pageUrl(date: string | null, language: Lang = lang): string {
  const q = new URLSearchParams();
  if (date) q.set('date', date);
  if (language === 'en') q.set('lang', 'en');
  const query = q.toString();
  return `/ban-tin${query ? `?${query}` : ''}`;
}

function applyLanguage(): void {
  const s = t();
  document.documentElement.lang = lang;
  document.title = bulletin ? `${writeBulletin(bulletin, lang).title} — Vùng Xanh` : s.docTitle;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const value = (s as Record<string, unknown>)[el.dataset.i18n!];
    if (typeof value === 'string') el.textContent = value;
  }
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-href]')) a.href = `${a.dataset.href}${lang === 'en' ? '?lang=en' : ''}`;
  const button = $('lang');
  button.textContent = s.switchShort;
  button.setAttribute('aria-label', `${s.switchShort} — ${s.switchTo}`);
  button.setAttribute('lang', lang === 'vi' ? 'en' : 'vi');
  document.querySelector('header nav')?.setAttribute('aria-label', s.pages);
}

function renderDays(): void {
  $('days').innerHTML = dates
    .map(
      (d) => `<li><a href="${escapeHtml(pageUrl(d))}" data-date="${d}"${d === selected ? ' aria-current="page"' : ''}>${escapeHtml(displayDate(d))}</a></li>`,
    )
    .join('');
}

function renderBulletin(): void {
  const message = $('message');
  const s = t();
  message.hidden = problem === null && (bulletin !== null || dates.length > 0);
  message.textContent = problem ?? (dates.length === 0 ? s.none : '');
  $('bulletin').hidden = bulletin === null;
  if (!bulletin) return;
  const doc = writeBulletin(bulletin, lang);
  $('issuer').textContent = issuer(bulletin, lang).join(' · ');
  $('title').textContent = doc.title;
  $('date-line').textContent = doc.dateLine;
  const d = bulletin.downloads;
  const links: Array<[string, string, string?]> = [
    [d.markdown.vi, s.markdownVi, 'vi'],
    [d.markdown.en, s.markdownEn, 'en'],
    [d.docx, s.docx],
    [`/api/v1/bulletins/${bulletin.date}`, s.json],
  ];
  $('downloads').innerHTML = links
    .map(([href, label, hreflang]) => `<li><a href="${escapeHtml(href)}"${hreflang ? ` hreflang="${hreflang}"` : ''}>${escapeHtml(label)}</a></li>`)
    .join('');
  $('body').innerHTML = toHtml(doc, 3);
  // The signed short URL naming this bulletin (docs/verify.md): its QR code, and the link to /verify.
  const share = bulletin.share?.[lang];
  $('share').hidden = !share;
  if (share) {
    $('share').innerHTML =
      `<img src="${escapeHtml(share.qr)}" alt="${escapeHtml(s.verifyQr)}" width="96" height="96" /> <span>${escapeHtml(s.verifyThis)} <a href="${escapeHtml(share.url)}">${escapeHtml(share.url.replace(/^https?:\/\//, '').slice(0, 40))}…</a></span>`;
  }
  renderImages(bulletin.date);
  $('live').textContent = updatedAt ? s.updated(displayDateTime(updatedAt)) : '';
}

/** The day's images (GET /api/v1/images/…, docs/images.md): a preview of each, and its sizes to download, in the page's language. */
function renderImages(date: string): void {
  const s = t();
  const image = (what: string, file: string, size: string) => `/api/v1/images/${what}.${file}?date=${date}&size=${size}${lang === 'en' ? '&lang=en' : ''}`;
  const sizes: Array<[string, string, string]> = [
    ['png', 'og', '1200×630'],
    ['png', 'square', '1080×1080'],
    ['png', 'story', '1080×1920'],
    ['svg', 'og', 'SVG'],
    ['pdf', 'a3', s.poster],
  ];
  $('images').innerHTML = (Object.keys(s.imageNames) as Array<keyof typeof s.imageNames>)
    .map((what) => {
      const name = s.imageNames[what];
      const links = sizes.map(
        ([file, size, label]) => `<a href="${escapeHtml(image(what, file, size))}" data-image="${what}-${size}.${file}">${escapeHtml(label)}</a>`,
      );
      return `<li><figure><img src="${escapeHtml(image(what, 'png', 'og'))}" alt="${escapeHtml(s.imageAlt(name, displayDate(date)))}" width="1200" height="630" loading="lazy" /><figcaption><span>${escapeHtml(name)}</span> ${links.join(' · ')}</figcaption></figure></li>`;
    })
    .join('');
}

function render(): void {
  applyLanguage();
  renderDays();
  renderBulletin();
}

async function loadBulletin(date: string): Promise<void> {
  const response = await fetch(`/api/v1/bulletins/${encodeURIComponent(date)}`, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    // The server's problem is bilingual ("Vietnamese / English"): show the page's half.
    const body = (await response.json().catch(() => ({}))) as Partial<ProblemDocument>;
    const title = body.title?.split(' / ')[lang === 'vi' ? 0 : 1] ?? t().failed;
    problem = body.detail ? `${title}: ${body.detail.split(' / ')[lang === 'vi' ? 0 : 1] ?? body.detail}` : title;
    bulletin = null;
    return;
  }
  problem = null;
  bulletin = (await response.json()) as BulletinDto;
}

async function select(date: string, push: boolean): Promise<void> {
  selected = date;
  updatedAt = null;
  if (push) history.pushState({ date }, '', pageUrl(date));
  renderDays();
  await loadBulletin(date);
  render();
}

async function start(): Promise<void> {
  applyLanguage();
  const response = await fetch('/api/v1/bulletins', { headers: { accept: 'application/json' } });
  dates = response.ok ? ((await response.json()) as BulletinList).bulletins.map((b) => b.date) : [];
  if (!response.ok) problem = t().failed;
  selected ??= dates[0] ?? null;
  if (selected) await loadBulletin(selected);
  render();
  document.body.dataset.ready = 'true';
}

$('days').addEventListener('click', (event) => {
  const a = (event.target as HTMLElement).closest<HTMLAnchorElement>('a[data-date]');
  if (!a || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  void select(a.dataset.date!, true).then(() => $('bulletin').focus());
});
$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  history.replaceState(history.state, '', pageUrl(selected));
  render();
});
window.addEventListener('popstate', () => {
  const date = new URLSearchParams(location.search).get('date') ?? dates[0] ?? null;
  if (date) void select(date, false);
});

/**
 * Live: the stream's `bulletin` event names the days whose bulletin changed (new levels, a cut
 * frozen or corrected); the list is read again, and the day shown when it is one of them.
 */
function follow(): void {
  const source = new EventSource('/api/v1/stream');
  source.addEventListener('bulletin', (e) => {
    const { from, date } = JSON.parse((e as MessageEvent<string>).data) as { from: string; date: string };
    void (async () => {
      const response = await fetch('/api/v1/bulletins', { headers: { accept: 'application/json' } });
      if (response.ok) dates = ((await response.json()) as BulletinList).bulletins.map((b) => b.date);
      selected ??= dates[0] ?? null;
      if (selected && selected >= from && selected <= date) {
        await loadBulletin(selected);
        // On the server's clock (the demo's simulated one while it replays), as the bulletin says it.
        updatedAt = bulletin ? new Date(bulletin.computedAt) : null;
      }
      render();
    })();
  });
}

void start().then(follow);
void import('./view/sim-banner.ts').then((m) => m.showSimulatedBanner(lang)); // demo: the simulated-data notice
