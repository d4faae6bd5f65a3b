// URLs given by API callers (redirect URLs, sales-channel base URLs) as they are stored and sent.
// A URL of printable ASCII stays exactly as given; any other (non-ASCII path, query or host, a
// space) becomes the WHATWG URL serialisation: UTF-8 percent-escapes in the path and query, an
// IDNA (punycode) host. So a stored URL is always a valid Location header value (Latin-1 safe).

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/** The normalised form of an http(s) URL, or null when it is not one. */
export function normaliseUrl(value: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return PRINTABLE_ASCII.test(value) ? value : parsed.href;
}

/**
 * A URL made safe to send in a Location header: normalised, and any byte outside printable
 * ASCII that remains (a row written before normalisation) percent-encoded. Null when unusable.
 */
export function sendableUrl(value: string): string | null {
  const normal = normaliseUrl(value);
  if (normal === null) return null;
  return normal.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch));
}
