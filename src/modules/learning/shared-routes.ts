// What every learning page is given.
import type { FastifyRequest } from 'fastify';
import { authorise } from '../../policy/index.ts';
import { TRAINING_KIND_LABELS } from './schema.ts';

export function shared(request: FastifyRequest) {
  return {
    section: 'partnership',
    canManage: authorise(request.actor, 'learning.manage').allowed,
    kindLabels: TRAINING_KIND_LABELS,
  };
}
