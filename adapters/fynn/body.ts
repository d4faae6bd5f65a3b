// Request bodies of the Fynn face: JSON and API Platform's JSON-LD only (anything else is a 415
// in the Fynn shape); an empty body is allowed; malformed JSON is a 400 in the Fynn shape.
import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../kernel/errors.ts';

export function installFynnBodies(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser(['application/json', 'application/ld+json'], { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(new GatewayError('BAD_REQUEST', 'BODY__INVALID_JSON', 'Syntax error: the request body is not valid JSON.', [], 400), undefined);
    }
  });
}
