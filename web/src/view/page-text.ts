import type { Lang, Strings } from '../i18n.ts';

const $ = (id: string) => document.getElementById(id)!;

/** The map page's fixed strings and labels in the chosen language (what the data fills in is rendered apart). */
export function translateMapPage(lang: Lang, s: Strings): void {
  document.documentElement.lang = lang;
  document.title = `Vùng Xanh — ${s.title}`;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const value = s[el.dataset.i18n as keyof Strings];
    if (typeof value === 'string') el.textContent = value;
  }
  $('map').setAttribute('aria-label', s.mapLabel);
  ($('nav-campaign') as HTMLAnchorElement).href = `/campaign.html${lang === 'en' ? '?lang=en' : ''}`;
  ($('nav-dashboard') as HTMLAnchorElement).href = `/dashboard.html${lang === 'en' ? '?lang=en' : ''}`;
  ($('nav-bulletin') as HTMLAnchorElement).href = `/ban-tin${lang === 'en' ? '?lang=en' : ''}`;
  ($('nav-open-data') as HTMLAnchorElement).href = `/du-lieu.html${lang === 'en' ? '?lang=en' : ''}`;
  ($('nav-rewards') as HTMLAnchorElement).href = `/khen-thuong-cong-bo.html${lang === 'en' ? '?lang=en' : ''}`;
  ($('nav-embed') as HTMLAnchorElement).href = `/nhung.html${lang === 'en' ? '?lang=en' : ''}`;
  ($('nav-signin') as HTMLAnchorElement).href = `/signin.html${lang === 'en' ? '?lang=en' : ''}`;
  ($('search') as HTMLInputElement).placeholder = s.searchPlaceholder;
  // The accessible name starts with the visible text (WCAG 2.5.3), then says what it does.
  $('lang').textContent = lang === 'vi' ? 'EN' : 'VI';
  $('lang').setAttribute('aria-label', `${$('lang').textContent} – ${s.switchTo}`);
  $('prev').setAttribute('aria-label', s.previousDay);
  $('next').setAttribute('aria-label', s.nextDay);
  document.querySelector('nav')!.setAttribute('aria-label', lang === 'vi' ? 'Trang' : 'Pages');
  document.querySelector('.timebar')!.setAttribute('aria-label', lang === 'vi' ? 'Thời gian' : 'Time');
}
