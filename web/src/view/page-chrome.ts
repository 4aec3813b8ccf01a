type Lang = 'vi' | 'en';

/**
 * The parts every page but the map shares, in the chosen language: `lang` on the document, the
 * title, each `[data-i18n]` element from the page's own strings, links to the other pages keeping
 * the language, and the language button with what it switches to.
 */
export function translateChrome(lang: Lang, title: string, strings: { switchTo: string }): void {
  document.documentElement.lang = lang;
  document.title = `Vùng Xanh — ${title}`;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const value = (strings as unknown as Record<string, unknown>)[el.dataset.i18n!];
    if (typeof value === 'string') el.textContent = value;
  }
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-href]')) a.href = `${a.dataset.href}${lang === 'en' ? '?lang=en' : ''}`;
  const button = document.getElementById('lang')!;
  button.textContent = lang === 'vi' ? 'EN' : 'VI';
  button.setAttribute('aria-label', `${button.textContent} – ${strings.switchTo}`);
  document.querySelector('nav')?.setAttribute('aria-label', lang === 'vi' ? 'Trang' : 'Pages');
}
