/**
 * Where a snapshot (`vungxanh snapshot`) keeps the answer to an API GET, so that a plain static
 * server, which ignores query strings and cannot hold `/api/v1/levels` as both a file and the
 * folder of `/api/v1/levels/dates`, can serve it: the URL's path becomes a folder and its query
 * (parameters sorted by name) the file's name, `index` without one. `/api/v1/levels?kind=ward`
 * is `api/v1/levels/kind=ward.json`, `/api/v1/levels/dates` is `api/v1/levels/dates/index.json`.
 * The CLI writes by it and the web app in snapshot mode reads by it: one rule, no exceptions.
 */
export function snapshotFileOf(url: string): string {
  const parsed = new URL(url, 'http://snapshot');
  const params = [...parsed.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const name = params.length === 0 ? 'index' : params.map(([k, v]) => `${k}=${v}`).join('&');
  const folders = parsed.pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => decodeURIComponent(segment));
  return [...folders, `${name}.json`].join('/');
}

/** The URL a static server answers `url`'s snapshot file at (each segment %-encoded, from the site's root). */
export function snapshotUrlOf(url: string): string {
  return `/${snapshotFileOf(url).split('/').map(encodeURIComponent).join('/')}`;
}
