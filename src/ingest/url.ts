/** URL forms the crawler compares: canonical (fragment dropped) and the site a URL belongs to. */

/** Absolute http(s) URL without fragment, or `null` (other schemes, unparsable, credentials). */
export function canonicalUrl(raw: string, base?: string): string | null {
  let u: URL;
  try {
    u = base === undefined ? new URL(raw) : new URL(raw, base);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.username || u.password) return null;
  u.hash = '';
  return u.href;
}

/** The site of a URL for the same-host rule: host name without a leading `www.` (any port, any scheme). */
export function siteOf(url: string): string {
  const host = new URL(url).hostname.toLowerCase();
  return host.startsWith('www.') ? host.slice(4) : host;
}

/** Politeness and robots.txt are per origin (scheme, host, port). */
export function originOf(url: string): string {
  return new URL(url).origin;
}
