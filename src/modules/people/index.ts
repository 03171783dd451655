// People: the person at the centre, their "about me" in their own words, communication needs,
// representatives and care team. Every read goes through the policy and is audited. The notes on the record
// are the shared timeline's entries: see src/modules/records.
export { addMember, namedCareTeam, removeMember, setLead } from './care-team.ts';
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
  staffOnly,
  updateAboutMe,
  updateCommunication,
  updateDetails,
} from './service.ts';
