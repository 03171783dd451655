// Contacts: the partnership's directory of who to contact at each member organisation for which kind of
// issue (safeguarding, referrals, care plan questions, information sharing, complaints, out of hours).
// Care plan actions and care teams link to an organisation's entry at /contacts#org-<id>.
export { ISSUE_LABELS, ISSUES } from './schema.ts';
export { addContact, directory } from './service.ts';
