// The public link and hosted checkout pages (no API key): the link URL makes a cart and sends the
// buyer to its checkout page; the page's form completes the cart in test mode.
import { EntityManager } from '@mikro-orm/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayCore } from '../../adapters/kernel/core.ts';
import { SalesChannel, type CheckoutLink, type CheckoutSession } from '../domain/entities/index.ts';
import { DomainError } from '../domain/errors.ts';
import type { RawCheckoutForm } from '../domain/services/checkout-session-form.ts';
import {
  applyPromotionCode, cartFromSlug, completeSession, completionRedirect, currentLinkState, findSessionForPage, isExpired,
} from '../domain/services/checkout-sessions.ts';
import {
  checkoutPage, confirmationPage, messagePage, notFoundPage, NO_PROVIDER, unavailablePage, type CheckoutView, type Page,
} from './pages.ts';
import { sendHtml, SUBMIT_LABELS } from './render.ts';

const FORM_LIMIT = 64 * 1024;

/** The request's EntityManager (tenant filter unset: anonymous), taken from the gateway's context. */
async function requestEm(core: GatewayCore, request: FastifyRequest): Promise<EntityManager> {
  const ctx = await core.context(request);
  if (typeof ctx === 'object' && ctx !== null && 'em' in ctx && ctx.em instanceof EntityManager) return ctx.em;
  throw new Error('the gateway context carries no EntityManager');
}

const send = (reply: FastifyReply, page: Page): FastifyReply => sendHtml(reply, page.status, page.html, page.formTargets);

async function viewOf(em: EntityManager, session: CheckoutSession, link: CheckoutLink): Promise<CheckoutView> {
  const channel = link.salesChannel ? await em.findOne(SalesChannel, { id: link.salesChannel }) : null;
  return { session, link, trialDays: session.trialDays ?? null, brandName: channel?.brandName ?? null };
}

/** The page for a session that is not open for buying, or null when the form should be shown. */
async function closedPage(em: EntityManager, view: CheckoutView): Promise<Page | null> {
  const { session, link } = view;
  if (session.status === 'complete') return confirmationPage(link, view.brandName);
  if (isExpired(session)) return messagePage(410, 'Checkout expired', 'This checkout session has expired. Open the link again to start over.', link, view.brandName);
  if ((await currentLinkState(em, link)) !== 'active') return unavailablePage(link, view.brandName);
  return null;
}

/** Field errors of a VALIDATION error, keyed by form field name. */
function fieldErrors(error: DomainError): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const v of error.violations) if (v.path[0]) out[v.path[0]] ??= v.message;
  return Object.keys(out).length > 0 ? out : null;
}

export function checkoutPages(core: GatewayCore): FastifyPluginAsync {
  return async (app) => {
    // Form posts from the hosted page (scoped to this plugin).
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'checkout page error');
      const page = status === 500
        ? messagePage(500, 'Something went wrong', 'The checkout could not be loaded. Please try again in a moment.', null, null, 'error')
        : messagePage(status, 'Bad request', 'The request could not be understood. Please go back and try again.', null, null, 'error');
      return send(reply, page);
    });

    // No automatic HEAD route: a HEAD request (link checkers, unfurlers) must not make a cart.
    app.get<{ Params: { slug: string } }>('/checkout-link/:slug/cart', { exposeHeadRoute: false }, async (request, reply) => {
      const em = await requestEm(core, request);
      const cart = await cartFromSlug(em, request.params.slug, core.publicUrl);
      if (cart.kind === 'not_found') return send(reply, notFoundPage());
      if (cart.kind === 'unavailable') {
        const channel = cart.link.salesChannel ? await em.findOne(SalesChannel, { id: cart.link.salesChannel }) : null;
        return send(reply, unavailablePage(cart.link, channel?.brandName ?? null));
      }
      return reply.header('cache-control', 'no-store').redirect(cart.url, 303);
    });

    app.get<{ Params: { sessionId: string } }>('/checkout/:sessionId', async (request, reply) => {
      const em = await requestEm(core, request);
      const found = await findSessionForPage(em, request.params.sessionId);
      if (!found) return send(reply, notFoundPage());
      const view = await viewOf(em, found.session, found.link);
      return send(reply, (await closedPage(em, view)) ?? checkoutPage(view));
    });

    app.post<{ Params: { sessionId: string }; Body: unknown }>('/checkout/:sessionId', async (request, reply) => {
      const em = await requestEm(core, request);
      const found = await findSessionForPage(em, request.params.sessionId);
      if (!found) return send(reply, notFoundPage());
      const form: RawCheckoutForm = typeof request.body === 'object' && request.body !== null ? (request.body as RawCheckoutForm) : {};
      try {
        // A promotion code typed (or cleared) since the cart was priced is applied first and the
        // page shown again with the new amounts: the buyer pays only amounts they have seen.
        const typed = typeof form.coupon === 'string' ? form.coupon.trim() : '';
        const applied = found.session.couponCode ?? '';
        if (found.session.status === 'open' && found.link.couponsAllowed === true && (form.action === 'apply' || typed.toUpperCase() !== applied.toUpperCase())) {
          const session = await applyPromotionCode(em, found.session.id, typed);
          const view = await viewOf(em, session, found.link);
          const notice = session.couponCode ? `Promotion code ${session.couponCode} applied. Check the new total, then ${(SUBMIT_LABELS[found.link.submitType] ?? 'Pay').toLowerCase()}.` : 'The promotion code was removed. Check the total.';
          return send(reply, checkoutPage(view, { values: { ...form, coupon: session.couponCode ?? '' }, notice, tone: 'info' }));
        }
        const { session, link } = await completeSession(em, found.session.id, form);
        const redirect = completionRedirect(link, session.id);
        if (redirect) return reply.header('cache-control', 'no-store').redirect(redirect, 303);
        const view = await viewOf(em, session, link);
        return send(reply, confirmationPage(link, view.brandName));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        em.clear();
        const fresh = await findSessionForPage(em, found.session.id);
        if (!fresh) return send(reply, notFoundPage());
        const view = await viewOf(em, fresh.session, fresh.link);
        if (error.reason === 'CHECKOUT__NO_PAYMENT_PROVIDER') {
          return send(reply, messagePage(409, 'Payment unavailable', NO_PROVIDER, fresh.link, view.brandName, 'error'));
        }
        if (error.reason === 'CHECKOUT_SESSION__ALREADY_COMPLETE') {
          return send(reply, messagePage(409, 'Already completed', 'This checkout has already been completed. It was not submitted again.', fresh.link, view.brandName));
        }
        const closed = await closedPage(em, view);
        if (closed) return send(reply, closed);
        const errors = error.code === 'VALIDATION' ? fieldErrors(error) : null;
        if (errors) return send(reply, checkoutPage(view, { values: form, errors, status: 422 }));
        return send(reply, checkoutPage(view, { values: form, status: 409, notice: error.message }));
      }
    });
  };
}
