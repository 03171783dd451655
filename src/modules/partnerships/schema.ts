import { z } from 'zod';
import type { OrganisationKind } from '../../storage/tables.ts';
import { choice, text } from '../../validation.ts';

export const ORGANISATION_KINDS = [
  'council',
  'gp',
  'community_health',
  'mental_health',
  'housing',
  'voluntary',
  'other',
] as const satisfies readonly OrganisationKind[];

export const KIND_LABELS: Record<OrganisationKind, string> = {
  council: 'Council (adult social care)',
  gp: 'GP practice',
  community_health: 'Community health service',
  mental_health: 'Mental health service',
  housing: 'Housing',
  voluntary: 'Voluntary or community group',
  other: 'Other',
};

export const organisationInput = z.object({
  name: text('the organisation’s name'),
  kind: choice(ORGANISATION_KINDS, 'Select the type of organisation'),
});

export type OrganisationInput = z.infer<typeof organisationInput>;
