// HTML for the hosted pages: Eta templates with escaping on by default (titles, messages and
// metadata are user input), one inline stylesheet allowed by its hash, strict security headers.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';
import { currencyDigits, formatDecimal } from '../domain/money.ts';

const viewsDir = new URL('./views/', import.meta.url).pathname;

const eta = new Eta({ views: viewsDir, autoEscape: true, autoTrim: false, cache: true, defaultExtension: '.eta' });

/** The one stylesheet, inlined in every page and allowed by the CSP through its hash. */
const css = readFileSync(`${viewsDir}styles.css`, 'utf8');
const cssHash = createHash('sha256').update(css).digest('base64');

export interface PageFrame {
  /** The <title>, also the brand line when no brand name is given. */
  title: string;
  brandName?: string | null;
  testMode?: boolean;
}

/** The live-totals script of the checkout form (served inline under the page's nonce). */
const totalsScript = readFileSync(`${viewsDir}totals.js`, 'utf8');

/** Renders `view` (a file in views/) inside the layout; with a nonce, the live-totals script too. */
export function renderPage(view: string, frame: PageFrame, data: Record<string, unknown>, nonce: string | null = null): string {
  const body = eta.render(`./${view}`, data);
  return eta.render('./layout', {
    ...frame,
    brandName: frame.brandName ?? null,
    testMode: frame.testMode ?? false,
    css,
    body,
    script: nonce ? { nonce, source: totalsScript } : null,
  });
}

/** A fresh nonce for a page's one script. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/**
 * The Content-Security-Policy of a page: nothing but our inline stylesheet and, with a nonce, the
 * page's one script (which may call /graphql on this origin); forms post to us (and may be
 * redirected to `formTargets`).
 */
export function contentSecurityPolicy(formTargets: string[] = [], nonce: string | null = null): string {
  const targets = ["'self'", ...formTargets].join(' ');
  return [
    "default-src 'none'",
    `style-src 'sha256-${cssHash}'`,
    ...(nonce ? [`script-src 'nonce-${nonce}'`, "connect-src 'self'"] : []),
    "img-src 'self' data:",
    `form-action ${targets}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sends an HTML page with the security headers. */
export function sendHtml(reply: FastifyReply, status: number, html: string, formTargets: string[] = [], nonce: string | null = null): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', contentSecurityPolicy(formTargets, nonce))
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .send(html);
}

/** The origin of an http(s) URL (for form-action), or null. */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Minor units as a localised amount with the currency's own digits (Intl), e.g. €49.90 or ¥1,500. */
export function formatMoney(minor: number, currency: string | null): string {
  if (!currency) return String(minor);
  let f = formatters.get(currency);
  if (!f) {
    const digits = currencyDigits(currency);
    f = new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(currency, f);
  }
  return f.format(formatDecimal(minor, currency) as Intl.StringNumericLiteral);
}

/** "per month", "every 3 months", "every 30 days"; null for one-time lines. */
export function recurringText(interval: string | null | undefined, count: number | null | undefined): string | null {
  if (!interval) return null;
  const unit = interval.toLowerCase();
  const n = count ?? 1;
  return n === 1 ? `per ${unit}` : `every ${n} ${unit}s`;
}
