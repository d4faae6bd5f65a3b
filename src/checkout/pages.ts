// The pages of the hosted checkout, rendered from what the storefront operations answer: the
// checkout form (a link before any session, or an open session), the confirmation, and message
// pages (unavailable, expired, not found, errors). Each returns the status and HTML to send.
import type { PageAmountsFragment, PageLineFragment, PageLinkFragment, PageSessionFragment } from '../generated/operations.ts';
import { BILLING_FIELDS, quantityField, type PageForm } from './form.ts';
import { submitLabel } from './labels.ts';
import { formatMoney, newNonce, recurringText, renderPage } from './render.ts';

export interface Page {
  status: number;
  html: string;
  /** Origins the page's form may be redirected to (CSP form-action). */
  formTargets?: string[];
  /** The nonce of the page's script, if it has one. */
  nonce?: string | null;
}

export const NO_PROVIDER = 'No payment provider is configured for live mode, so this checkout cannot be completed. Nothing has been charged.';

function frame(link: PageLinkFragment | null, title: string) {
  return { title, brandName: link?.branding.brandName ?? null, testMode: link ? !link.livemode : false };
}

function periodText(r: { interval: string; intervalCount: number }): string {
  return recurringText(r.interval, r.intervalCount) ?? '';
}

function itemsOf(lines: readonly PageLineFragment[], currency: string | null, values: PageForm) {
  return lines.map((line) => ({
    index: line.index,
    field: quantityField(line.index),
    name: line.name,
    quantity: values[quantityField(line.index)] ?? String(line.quantity),
    shownQuantity: line.quantity,
    editable: line.quantityEditable,
    min: line.minQuantity ?? 1,
    max: line.maxQuantity ?? 999,
    unitPrice: formatMoney(line.unitAmount, currency),
    recurring: line.recurring ? periodText(line.recurring) : null,
    subtotal: formatMoney(line.amountSubtotal, currency),
    setupFee: line.setupFee > 0 ? formatMoney(line.setupFee, currency) : null,
    inTrial: line.inTrial,
  }));
}

function totalsOf(amounts: PageAmountsFragment, setup: boolean) {
  const c = amounts.currency;
  return {
    subtotal: formatMoney(amounts.amountSubtotal, c),
    discount: amounts.amountDiscount > 0 ? formatMoney(amounts.amountDiscount, c) : null,
    discountLabel: amounts.discount?.label ?? null,
    setupFees: amounts.setupFees > 0 ? formatMoney(amounts.setupFees, c) : null,
    dueToday: formatMoney(amounts.amountDueToday, c),
    dueTodayMinor: amounts.amountDueToday,
    trialDays: amounts.trialDays,
    // What renews, after the discount while it lasts; the regular amount beside it when they differ.
    later: amounts.recurring.map((r) => ({
      amount: formatMoney(r.amountAfterDiscount, c),
      period: periodText(r),
      regular: r.amountAfterDiscount !== r.amount ? formatMoney(r.amount, c) : null,
    })),
    setup,
  };
}

export interface FormState {
  values?: PageForm;
  errors?: Record<string, string>;
  otherErrors?: string[];
  /** A declined payment or another message above the form. */
  notice?: string | null;
  status?: number;
}

/** The checkout form of a link (action: start and complete) or of an open session (action: complete). */
export function checkoutPage(link: PageLinkFragment, target: { action: string; session: PageSessionFragment | null }, state: FormState = {}): Page {
  const session = target.session;
  const values = state.values ?? {};
  const lines = session?.lines ?? link.lines;
  const amounts = session?.amounts ?? link.amounts;
  const currency = amounts.currency;
  const items = itemsOf(lines, currency, values);
  const setup = link.checkoutMode === 'SETUP';
  const totals = totalsOf(amounts, setup);
  const errors = state.errors ?? {};
  const value = (field: string, current: string | null | undefined) => values[field] ?? current ?? '';
  const address = session?.billingAddress;
  const canPay = link.paymentAvailable;
  const submitAmount = !setup && totals.dueTodayMinor > 0 ? totals.dueToday : null;
  const nonce = items.some((i) => i.editable) ? newNonce() : null;
  const html = renderPage(
    'checkout',
    frame(link, link.title),
    {
      title: link.title,
      description: link.description,
      slug: link.slug,
      currency,
      appliedCode: session?.promotionCode ?? '',
      action: target.action,
      items,
      totals,
      fields: link.fields,
      values: {
        email: value('email', session?.email),
        name: value('name', session?.name),
        company: value('company', session?.company),
        promotionCode: value('promotion_code', session?.promotionCode),
        cardName: values.card_name ?? '',
      },
      billingFields: BILLING_FIELDS.map(([name, key, label, required, autocomplete]) => ({
        name,
        label,
        required,
        autocomplete,
        value: value(name, address ? (address as Record<string, string | null>)[key] : null),
      })),
      errors,
      otherErrors: state.otherErrors ?? [],
      notice: state.notice ?? (canPay ? null : NO_PROVIDER),
      collectsCard: canPay && link.collectsCard,
      testCards: !link.livemode,
      canSubmit: canPay,
      submitLabel: submitLabel(link.submitAction),
      submitAmount,
      backUrl: link.backUrl,
    },
    nonce,
  );
  return { status: state.status ?? 200, html, nonce, formTargets: link.redirectOrigin ? [link.redirectOrigin] : [] };
}

/** The confirmation of a complete session: order reference, items, paid today and later, email. */
export function confirmationPage(session: PageSessionFragment): Page {
  const link = session.link;
  const setup = link.checkoutMode === 'SETUP';
  const currency = session.amounts.currency;
  const html = renderPage('confirmation', frame(link, setup ? 'Details saved' : 'Order complete'), {
    heading: setup ? 'Your details are saved' : 'Thanks for your order',
    message: session.confirmationMessage,
    title: link.title,
    reference: session.orderReference,
    email: session.email,
    items: itemsOf(session.lines, currency, {}),
    totals: totalsOf(session.amounts, setup),
    backUrl: link.backUrl,
  });
  return { status: 200, html };
}

/** A page with one message: link unavailable, expired, not found, errors. */
export function messagePage(
  status: number,
  heading: string,
  message: string,
  link: PageLinkFragment | null = null,
  tone: 'success' | 'neutral' | 'error' = 'neutral',
): Page {
  const html = renderPage('message', frame(link, heading), { heading, message, tone, backUrl: link?.backUrl ?? null });
  return { status, html };
}

export function unavailablePage(link: PageLinkFragment): Page {
  return messagePage(410, link.title, link.unavailableMessage ?? 'This link is no longer available.', link);
}

export const notFoundPage = (): Page =>
  messagePage(404, 'Page not found', 'This checkout link does not exist. Check the address and try again.', null, 'error');

export const expiredPage = (link: PageLinkFragment): Page =>
  messagePage(410, 'Checkout expired', 'This checkout session has expired. Open the link again to start over.', link);

/** The page for an HTTP error status raised before a handler ran (body too large, rate limit, bad request). */
export function statusPage(status: number): Page {
  switch (status) {
    case 404:
      return notFoundPage();
    case 413:
      return messagePage(
        413,
        'Too much data',
        'The form sent more data than a checkout accepts. Go back, shorten what you typed and try again.',
        null,
        'error',
      );
    case 429:
      return messagePage(429, 'Too many requests', 'Too many requests came from your network in a short time. Wait a moment, then try again.', null, 'error');
    case 415:
    case 400:
      return messagePage(
        400,
        'Bad request',
        'The checkout could not read the form that was sent. Go back to the checkout and submit the form again.',
        null,
        'error',
      );
    default:
      return status >= 500
        ? messagePage(500, 'Something went wrong', 'The checkout could not be loaded. Please try again in a moment; nothing was charged.', null, 'error')
        : messagePage(status, 'Request refused', 'The checkout could not handle this request. Go back and try again.', null, 'error');
  }
}
