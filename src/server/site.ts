// Pages about the service itself, open to everyone.
import type { FastifyInstance } from 'fastify';

export function registerSitePages(app: FastifyInstance): void {
  app.get('/accessibility', async (_request, reply) =>
    reply.render('accessibility.njk', { title: 'Accessibility statement' }),
  );
  app.get('/privacy', async (_request, reply) =>
    reply.render('privacy.njk', { title: 'How JoinedUp uses information' }),
  );
}
