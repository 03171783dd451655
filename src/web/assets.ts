// Static assets: GOV.UK Frontend's fonts, images and script, and our stylesheet compiled from its Sass.
// The stylesheet is compiled once per process, on first request, so that the service uses Arial rather
// than GOV.UK's own typeface, which is only for services on GOV.UK.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import * as sass from 'sass';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const govuk = path.join(root, 'node_modules', 'govuk-frontend', 'dist');

let css: string | undefined;

export function stylesheet(): string {
  css ??= sass.compile(path.join(here, 'assets', 'app.scss'), {
    loadPaths: [govuk],
    style: 'compressed',
    quietDeps: true,
  }).css;
  return css;
}

export async function registerAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(govuk, 'govuk', 'assets'),
    prefix: '/assets/',
    maxAge: '1d',
    index: false,
  });
  await app.register(fastifyStatic, {
    root: path.join(here, 'assets', 'public'),
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
    index: false,
  });
  app.get('/static/govuk-frontend.min.js', async (_request, reply) =>
    reply
      .type('text/javascript')
      .header('cache-control', 'public, max-age=86400')
      .sendFile('govuk-frontend.min.js', path.join(govuk, 'govuk')),
  );
  app.get('/static/app.css', async (_request, reply) =>
    reply.type('text/css').header('cache-control', 'public, max-age=3600').send(stylesheet()),
  );
}
