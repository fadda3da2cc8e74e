/**
 * Source signals: the sites a text links to, read from the text alone (links are never fetched), and
 * whether a site is on one of the organization's lists. A listed domain covers its subdomains
 * (`cdc.gov` lists `www.cdc.gov` and `emergency.cdc.gov`). Pure.
 */
const LINK = /\bhttps?:\/\/([^\s/?#<>"')\]]+)|\bwww\.([^\s/?#<>"')\]]+)/giu;

/** A URL's or host's domain: lower case, without `www.`, a port, a trailing dot or user info. */
export function domainOf(urlOrHost: string): string | null {
  let host = urlOrHost.trim();
  try {
    if (/^https?:\/\//i.test(host)) host = new URL(host).hostname;
  } catch {
    return null;
  }
  host = host
    .replace(/^[^@]*@/, '')
    .replace(/:\d+$/, '')
    .replace(/\.$/, '')
    .toLowerCase()
    .replace(/^www\./, '');
  return /^(?=.{3,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/.test(host) ? host : null;
}

/** Every distinct domain the text links to, in order. */
export function linkedDomains(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(LINK)) {
    const d = domainOf(m[1] ?? `www.${m[2]}`);
    if (d) found.add(d);
  }
  return [...found];
}

/** The list entry that covers the domain (itself or a parent domain), or null. */
export function listedAs(domain: string, list: ReadonlySet<string>): string | null {
  for (let d = domain; d.includes('.'); d = d.slice(d.indexOf('.') + 1)) if (list.has(d)) return d;
  return null;
}
