// What may be kept by a browser or a proxy, decided once for every answer rather than route by route: what
// JoinedUp answers is about people unless a route says otherwise, so it is not stored anywhere on the way.
import type { FastifyInstance } from 'fastify';
import { isApi } from './errors.ts';

export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    // Only an API route documented as public (it holds nobody's data) may choose its own caching; a page,
    // asset or file sets its own header where it may be kept, and everything else is not kept.
    const mayChoose = !isApi(request) || request.routeOptions.config?.openapi?.public === true;
    if (!mayChoose || !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
