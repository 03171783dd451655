// The person's own access to their record: invitations that set a password, for the person and for a
// representative they authorise; their record in their preferred format; "about me" in their own words;
// and who has looked at their record, on which basis. Signing in itself is identity's.
export { FORMATS, type InviteInput, inviteInput, type SetPasswordInput, setPasswordInput } from './schema.ts';
export {
  accessOverview,
  activate,
  disableAccount,
  INVITATION_DAYS,
  InvitationUnusable,
  invitation,
  invite,
  type MyAccessLog,
  type MyRecord,
  myAccessLog,
  myRecord,
} from './service.ts';
