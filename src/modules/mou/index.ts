// The written agreement (memorandum of understanding): the partnership's purpose, shared aims, each member's
// responsibilities and signatories, in versions with what changed; and each member's own priorities and
// targets set beside the shared aims. Also the Partnership page that gathers the partnership-working parts.
export { addPriority, sharedInterest } from './priorities.ts';
export { agreementPage, currentVersion, recordSignatory, saveAgreement } from './service.ts';
