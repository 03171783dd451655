// Sharing: who may see what of a person's record, and why. Consent (given, refused, withdrawn), capacity
// assessments for one decision at a time, other lawful bases (best interests, safeguarding, vital interests)
// and the sharing decision log; the policy module reads these to decide every access. Also the register of
// information sharing agreements (kept by the information governance lead) and emergency (break-glass)
// access: the person page shows a banner while activeBreakGlass() returns one.
export {
  type Agreement,
  type AgreementState,
  getAgreement,
  listAgreements,
  REVIEW_WARNING_DAYS,
} from './agreements-service.ts';
export { type ActiveBreakGlass, activeBreakGlass, BREAK_GLASS_HOURS } from './break-glass-service.ts';
export { type SharingOverview, sharingOverview } from './overview.ts';
export {
  type AgreementReviewReminder,
  agreementReviewsDue,
  type ConsentReviewReminder,
  consentReviewsDue,
} from './reminders.ts';
export {
  BASIS_LABELS,
  type CapacityInput,
  type ConsentInput,
  capacityInput,
  consentInput,
  type EndBasisInput,
  endBasisInput,
  hasCapacity,
  type LawfulBasisInput,
  lawfulBasisInput,
  OBTAINED_LABELS,
  PURPOSE_LABELS,
  PURPOSES,
  type SharingDecisionInput,
  STATUS_LABELS,
  sharingDecisionInput,
} from './schema.ts';
export {
  endLawfulBasis,
  recordCapacityAssessment,
  recordConsent,
  recordLawfulBasis,
  recordSharingDecision,
} from './service.ts';
