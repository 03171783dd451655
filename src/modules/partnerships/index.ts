// Partnerships: the tenant and its member organisations. Later: the written agreement, contacts,
// glossary and dispute procedure settings.
export { KIND_LABELS, ORGANISATION_KINDS, type OrganisationInput, organisationInput } from './schema.ts';
export {
  createOrganisation,
  createPartnership,
  findPartnershipByName,
  getOrganisation,
  home,
  listOrganisations,
  organisationWithStaff,
  overview,
  partnershipOf,
  requirePermission,
  updateOrganisation,
} from './service.ts';
