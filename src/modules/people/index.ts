// People: the person at the centre, their "about me" in their own words, communication needs,
// representatives, care team and notes. Every read goes through the policy and is audited.
export { addMember, removeMember, setLead } from './care-team.ts';
export { addNote, type NoteInput, notesFor, SHARING_LEVEL_LABELS, SHARING_LEVELS } from './notes.ts';
export * from './schema.ts';
export {
  addRepresentative,
  caseload,
  createPerson,
  openPerson,
  type PersonHeader,
  personHeader,
  personRecord,
  preferredFormat,
  updateAboutMe,
  updateCommunication,
  updateDetails,
} from './service.ts';
