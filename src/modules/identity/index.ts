// Identity: staff accounts, passwords (argon2id), the second factor (TOTP), server-side sessions and
// signing in, for staff and for people (and their representatives) with an account on their own record.
// Other modules read the signed-in actor from the request; they never touch these tables, except that the
// portal module issues, activates and disables people's accounts (person_account), which identity signs in.
export {
  beginSecondFactor,
  changePassword,
  confirmSecondFactorSetup,
  removeSecondFactor,
} from './account.ts';
export { hashPassword, passwordProblem } from './passwords.ts';
export * from './schema.ts';
export {
  type ActiveSession,
  endPersonSessions,
  endSession,
  findPersonSession,
  findSession,
  hashToken,
  type PersonSession,
  type SessionSettings,
  startSession,
} from './sessions.ts';
export {
  confirmSecondFactor,
  LOCK_AFTER,
  LOCK_MINUTES,
  SLOW_DOWN_AFTER,
  signIn,
  waitSeconds,
} from './sign-in.ts';
export { changeStaffStatus, createStaff, getStaff, listStaff, updateStaff } from './staff.ts';
export { codeAt } from './totp.ts';
