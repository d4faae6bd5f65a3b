// The hosted checkout (no API key), built on the storefront operations it runs in-process:
// GET  /checkout-link/:slug/cart   the link's checkout form; no session is made (link previews
//                                  and bots leave no row)
// POST /checkout-link/:slug/cart   starts the session with the form and completes it
// GET  /checkout/:sessionId        an open session's form, or its confirmation
// POST /checkout/:sessionId        completes the session with the form
// A declined card or a field error shows the session's form again, with the message.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  PageCompleteDocument,
  PageLinkDocument,
  PageSessionDocument,
  PageStartDocument,
  type PageLinkFragment,
  type PageSessionFragment,
  type UserErrorFieldsFragment,
} from '../generated/operations.ts';
import { cardFromForm, errorsOf, readForm, updateFromForm, type PageForm } from './form.ts';
import { runPageOperation, type PageCore } from './operations.ts';
import { checkoutPage, confirmationPage, expiredPage, messagePage, NO_PROVIDER, notFoundPage, statusPage, unavailablePage, type Page } from './pages.ts';
import { sendHtml } from './render.ts';

const FORM_LIMIT = 64 * 1024;

const send = (reply: FastifyReply, page: Page): FastifyReply => sendHtml(reply, page.status, page.html, page.formTargets, page.nonce ?? null);

const sessionAction = (id: string): string => `/checkout/${encodeURIComponent(id)}`;

/** The page of a session: its form when open, its confirmation when complete, 410 when expired or unsellable. */
function sessionPage(session: PageSessionFragment, state: Parameters<typeof checkoutPage>[2] = {}): Page {
  if (session.status === 'COMPLETE') return confirmationPage(session);
  if (session.status === 'EXPIRED' || (session.expiresAt && new Date(session.expiresAt) <= new Date())) return expiredPage(session.link);
  if (!session.link.available) return unavailablePage(session.link);
  const notice = state.notice ?? (session.lastPaymentError ? session.lastPaymentError.message : undefined);
  return checkoutPage(session.link, { action: sessionAction(session.id), session }, { ...state, notice });
}

/** Where a completed session sends the buyer: its redirect URL (303), or its confirmation page. */
function finish(reply: FastifyReply, session: PageSessionFragment): FastifyReply {
  if (session.redirectUrl) return reply.header('cache-control', 'no-store').redirect(session.redirectUrl, 303);
  return reply.header('cache-control', 'no-store').redirect(sessionAction(session.id), 303);
}

/** Field errors of the form itself (quantities, card) before any operation runs. */
function formErrors(link: PageLinkFragment, form: PageForm) {
  const { update, errors } = updateFromForm(link, form);
  const card = link.paymentAvailable && link.collectsCard ? cardFromForm(form) : { card: null, errors: {} };
  return { update, card: card.card, errors: { ...errors, ...card.errors } };
}

const quantityLines = (update: Record<string, unknown>): number[] => ((update.quantities as { line: number }[] | undefined) ?? []).map((q) => q.line);

/** A mutation's refusal shown on the form: field errors (422) or a message about the whole checkout (409). */
function refused(userErrors: readonly UserErrorFieldsFragment[], update: Record<string, unknown>, lines: PageSessionFragment['lines']) {
  const { fields, other } = errorsOf(userErrors, quantityLines(update), lines);
  const status = userErrors.some((e) => e.code === 'VALIDATION') ? 422 : 409;
  return { errors: fields, otherErrors: other, status };
}

export function checkoutPages(core: PageCore): FastifyPluginAsync {
  return async (app) => {
    // Form posts from the hosted page (scoped to this plugin); readForm refuses anything but
    // string fields, whatever the content type (a JSON post with numbers is a 400 page).
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, body, done) => {
      const fields: Record<string, string> = Object.create(null);
      for (const [key, value] of new URLSearchParams(String(body))) fields[key] = value;
      done(null, fields);
    });
    app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'checkout page error');
      return send(reply, statusPage(status));
    });

    const link = async (request: FastifyRequest, slug: string) => (await runPageOperation(core, request, PageLinkDocument, { slug })).storefrontCheckoutLink;
    const session = async (request: FastifyRequest, id: string) => (await runPageOperation(core, request, PageSessionDocument, { id })).storefrontSession;

    // No automatic HEAD route: a HEAD request (link checkers, unfurlers) needs no page.
    app.get<{ Params: { slug: string } }>('/checkout-link/:slug/cart', { exposeHeadRoute: false }, async (request, reply) => {
      const found = await link(request, request.params.slug);
      if (!found) return send(reply, notFoundPage());
      if (!found.available) return send(reply, unavailablePage(found));
      return send(reply, checkoutPage(found, { action: `/checkout-link/${encodeURIComponent(found.slug)}/cart`, session: null }));
    });

    app.post<{ Params: { slug: string } }>('/checkout-link/:slug/cart', async (request, reply) => {
      const form = readForm(request.body);
      if (!form) return send(reply, statusPage(400));
      const found = await link(request, request.params.slug);
      if (!found) return send(reply, notFoundPage());
      if (!found.available) return send(reply, unavailablePage(found));
      const action = `/checkout-link/${encodeURIComponent(found.slug)}/cart`;
      const { update, card, errors } = formErrors(found, form);
      if (Object.keys(errors).length > 0) return send(reply, checkoutPage(found, { action, session: null }, { values: form, errors, status: 422 }));
      const started = (await runPageOperation(core, request, PageStartDocument, { input: { slug: found.slug, update } })).startCheckoutSession;
      if (!started.session) {
        const again = await link(request, found.slug);
        if (!again) return send(reply, notFoundPage());
        if (!again.available) return send(reply, unavailablePage(again));
        return send(reply, checkoutPage(again, { action, session: null }, { values: form, ...refused(started.userErrors, update, again.lines) }));
      }
      return complete(request, reply, started.session, form, {}, card);
    });

    app.get<{ Params: { sessionId: string } }>('/checkout/:sessionId', async (request, reply) => {
      const found = await session(request, request.params.sessionId);
      return send(reply, found ? sessionPage(found) : notFoundPage());
    });

    app.post<{ Params: { sessionId: string } }>('/checkout/:sessionId', async (request, reply) => {
      const form = readForm(request.body);
      if (!form) return send(reply, statusPage(400));
      const found = await session(request, request.params.sessionId);
      if (!found) return send(reply, notFoundPage());
      if (found.status === 'COMPLETE') {
        return send(reply, messagePage(409, 'Already completed', 'This checkout has already been completed. It was not submitted again.', found.link));
      }
      const { update, card, errors } = formErrors(found.link, form);
      if (Object.keys(errors).length > 0) return send(reply, sessionPage(found, { values: form, errors, status: 422, notice: null }));
      return complete(request, reply, found, form, update, card);
    });

    /** Completes a session; on a decline or an error shows its form again (the session stays open). */
    async function complete(
      request: FastifyRequest,
      reply: FastifyReply,
      current: PageSessionFragment,
      form: PageForm,
      update: Record<string, unknown>,
      card: ReturnType<typeof cardFromForm>['card'],
    ): Promise<FastifyReply> {
      const input = { ...(Object.keys(update).length > 0 ? { update } : {}), ...(card ? { payment: { card } } : {}) };
      const result = (await runPageOperation(core, request, PageCompleteDocument, { id: current.id, input })).completeCheckoutSession;
      if (result.session?.status === 'COMPLETE') return finish(reply, result.session);
      const fresh = result.session ?? (await session(request, current.id));
      if (!fresh) return send(reply, notFoundPage());
      if (fresh.status !== 'OPEN' || !fresh.link.available) {
        const already = result.userErrors.some((e) => e.reason === 'CHECKOUT_SESSION__ALREADY_COMPLETE');
        return send(
          reply,
          already
            ? messagePage(409, 'Already completed', 'This checkout has already been completed. It was not submitted again.', fresh.link)
            : sessionPage(fresh),
        );
      }
      // A decline is recorded on the session: its page (GET) shows the message, the details kept
      // and the card fields empty, and a reload does not pay again.
      if (result.paymentError) return reply.header('cache-control', 'no-store').redirect(sessionAction(fresh.id), 303);
      if (result.userErrors.some((e) => e.reason === 'CHECKOUT__NO_PAYMENT_PROVIDER')) {
        return send(reply, sessionPage(fresh, { values: form, status: 409, notice: NO_PROVIDER }));
      }
      return send(reply, sessionPage(fresh, { values: form, ...refused(result.userErrors, update, fresh.lines) }));
    }
  };
}
