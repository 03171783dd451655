// Identity: staff accounts, passwords (argon2id), the second factor (TOTP), server-side sessions and
// signing in. Other modules read the signed-in actor from the request; they never touch these tables.
export {
  beginSecondFactor,
  changePassword,
  confirmSecondFactorSetup,
  removeSecondFactor,
} from './account.ts';
export { hashPassword, passwordProblem } from './passwords.ts';
export * from './schema.ts';
export { type ActiveSession, endSession, findSession, type SessionSettings } from './sessions.ts';
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
