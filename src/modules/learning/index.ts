// Learning: joint training sessions and who attended, shadowing placements across organisations, a page on
// what each organisation and professional role does, and each member of staff's information sharing
// training date (due again a year later). The guide's remedy for different cultures and missing training.
export { type DirectoryEntry, staffDirectory } from './common.ts';
export {
  createRoleGuide,
  organisationPage,
  roleKey,
  rolePage,
  roleTitle,
  saveOrganisationGuide,
  saveRoleGuide,
  whoDoesWhat,
} from './guides.ts';
export * from './schema.ts';
export {
  createPlacement,
  createSession,
  getSession,
  listPlacements,
  listSessions,
  updateSession,
} from './sessions.ts';
export {
  DUE_SOON_DAYS,
  learningSummary,
  myTraining,
  oneYearAfter,
  recordTraining,
  type TrainingState,
  type TrainingStatus,
  trainingFor,
  trainingOverview,
  trainingState,
} from './training.ts';
