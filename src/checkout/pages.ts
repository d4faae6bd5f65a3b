// The pages of the public checkout: the cart form, and message pages (confirmation, link no
// longer available, not found, live mode). Each returns the status and HTML to send.
import type { CheckoutLink, CheckoutSession } from '../domain/entities/index.ts';
import { BILLING_FIELDS, quantityBounds, quantityField, type RawCheckoutForm } from '../domain/services/checkout-session-form.ts';
import { formatMoney, originOf, recurringText, renderPage, SUBMIT_LABELS } from './render.ts';

export interface Page {
  status: number;
  html: string;
  /** Origins the page's form may be redirected to (CSP form-action). */
  formTargets?: string[];
}

export interface CheckoutView {
  session: CheckoutSession;
  link: CheckoutLink;
  trialDays: number | null;
  brandName: string | null;
}

export const DEFAULT_INACTIVE = 'This link is no longer available.';
export const DEFAULT_CONFIRMATION = 'Thank you! Your order is complete.';
export const NO_PROVIDER = 'No payment provider is configured for live mode, so this checkout cannot be completed. Nothing has been charged.';

function frame(link: CheckoutLink | null, brandName: string | null, title: string) {
  return { title, brandName, testMode: link?.mode === 'test' };
}

/** The cart form, with the submitted values and field errors when re-rendered after a failed submit. */
export function checkoutPage(view: CheckoutView, options: { values?: RawCheckoutForm; errors?: Record<string, string>; status?: number; notice?: string | null; tone?: 'info' | 'warning' } = {}): Page {
  const { session, link } = view;
  const values = options.values ?? {};
  const currency = session.currency ?? null;
  const items = session.lines.map((line, i) => {
    const bounds = quantityBounds(line);
    return {
      field: quantityField(i),
      name: line.name,
      // The summary shows the cart as priced; the form field keeps what the buyer typed.
      quantity: String(line.quantity),
      input: values[quantityField(i)] ?? String(line.quantity),
      editable: bounds !== null,
      min: bounds?.min ?? null,
      max: bounds?.max ?? null,
      unitPrice: formatMoney(line.unitAmount, currency),
      recurring: recurringText(line.recurringInterval, line.recurringIntervalCount),
      subtotal: formatMoney(line.amountSubtotal, currency),
      setupFee: line.setupFee ? formatMoney(line.setupFee, currency) : null,
      inTrial: line.inTrial === true,
    };
  });
  const live = link.mode === 'live';
  const errors = options.errors ?? {};
  const shown = new Set(['email', 'company', ...items.filter((i) => i.editable).map((i) => i.field)]);
  if (link.couponsAllowed === true) shown.add('coupon');
  if (link.billingAddressCollection === 'required') for (const [name] of BILLING_FIELDS) shown.add(name);
  const title = link.title || 'Checkout';
  const html = renderPage('checkout', frame(link, view.brandName, title), {
    title,
    description: link.description,
    action: `/checkout/${session.id}`,
    items,
    hasItems: items.length > 0,
    subtotal: formatMoney(session.amountSubtotal, currency),
    discount: session.amountDiscount ? `-${formatMoney(session.amountDiscount, currency)}` : null,
    discountLabel: discountText(session),
    setupFees: session.setupFees ? formatMoney(session.setupFees, currency) : null,
    total: formatMoney(session.amountTotal, currency),
    recurringTotals: (session.recurring ?? []).map((r) => ({
      text: `${formatMoney(r.amountAfterDiscount, currency)} ${recurringText(r.interval, r.intervalCount)}`,
      regular: r.amountDiscount ? `${formatMoney(r.amount, currency)} ${recurringText(r.interval, r.intervalCount)}` : null,
    })),
    recurringNote: items.some((i) => i.recurring) ? 'Recurring items renew automatically until cancelled.' : null,
    trialDays: session.trialDays ?? null,
    couponAllowed: link.couponsAllowed === true,
    forceCompany: link.forceCompany,
    billingRequired: link.billingAddressCollection === 'required',
    billingFields: BILLING_FIELDS.map(([name, , label, required]) => ({ name, label, required, value: values[name] ?? '' })),
    values: { email: values.email ?? session.customerEmail ?? '', company: values.company ?? '', coupon: values.coupon ?? session.couponCode ?? '' },
    couponApplied: session.couponCode ?? null,
    noticeTone: options.tone ?? 'warning',
    errors,
    otherErrors: Object.entries(errors).filter(([field]) => !shown.has(field)).map(([, message]) => message),
    notice: options.notice ?? (live ? NO_PROVIDER : null),
    canSubmit: !live,
    submitLabel: SUBMIT_LABELS[link.submitType] ?? 'Pay',
    backUrl: link.backToProviderUrl,
  });
  const redirect = originOf(link.afterCompletionType === 'redirect' ? link.afterCompletionRedirectUrl : null);
  return { status: options.status ?? 200, html, formTargets: redirect ? [redirect] : [] };
}

/** "SAVE10 · 10% off, forever" and the like; null without a discount. */
export function discountText(session: CheckoutSession): string | null {
  const d = session.discount;
  if (!d) return null;
  const what = d.percentOff != null ? `${d.percentOff}% off` : `${formatMoney(d.amountOff ?? 0, session.currency ?? null)} off`;
  const when = d.duration === 'forever' ? 'every payment' : d.duration === 'once' ? 'this payment' : `for ${d.durationInMonths ?? 1} month${d.durationInMonths === 1 ? '' : 's'}`;
  return `${d.label ? `${d.label} · ` : ''}${what}, ${when}`;
}

/** A page with one message: confirmation, link unavailable, not found, errors. */
export function messagePage(status: number, heading: string, message: string, link: CheckoutLink | null = null, brandName: string | null = null, tone: 'success' | 'neutral' | 'error' = 'neutral'): Page {
  const html = renderPage('message', frame(link, brandName, heading), {
    heading,
    message,
    tone,
    backUrl: link?.backToProviderUrl ?? null,
  });
  return { status, html };
}

export function unavailablePage(link: CheckoutLink, brandName: string | null): Page {
  return messagePage(410, link.title || 'Checkout unavailable', link.inactiveMessage || DEFAULT_INACTIVE, link, brandName);
}

export function notFoundPage(): Page {
  return messagePage(404, 'Page not found', 'This checkout link does not exist. Check the address and try again.', null, null, 'error');
}

export function confirmationPage(link: CheckoutLink, brandName: string | null): Page {
  const message = (link.afterCompletionType === 'message' && link.afterCompletionMessage) || DEFAULT_CONFIRMATION;
  return messagePage(200, 'Order complete', message, link, brandName, 'success');
}
