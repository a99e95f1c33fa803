/**
 * The one origin the renderer is served from in production.
 *
 * IndexedDB (every unsynced expense) belongs to this origin: changing the scheme or the host in
 * a later version would strand every user's local data. Never change these values.
 */
export const APP_SCHEME = 'courier';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the main window loads in production. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * `scheme://host[:port]` of a URL, also for custom schemes (WHATWG `URL.origin` is "null" for
 * schemes the URL parser does not know, such as `courier:` outside Electron). Undefined when the
 * URL does not parse.
 */
export function originOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!parsed.host) return undefined;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}
