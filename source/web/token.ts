/*
 * The API token in the browser: kept in sessionStorage (gone when the tab closes, never in a
 * cookie, so no other site's request carries it). A `?token=` link works once: the token is
 * stored and taken out of the address bar and the history at once.
 */
const KEY = 'atapi.token';

export function takeToken(): string | undefined {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
    if (fromUrl.trim()) saveToken(fromUrl.trim());
  }
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
