// Passwords are stored as argon2id hashes (RFC 9106), never in any other form.
import { hash, verify } from '@node-rs/argon2';

// OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/** Spends the time a real check would, so a wrong email cannot be told apart from a wrong password. */
export async function verifyDecoy(password: string): Promise<void> {
  decoy ??= hashPassword('decoy password that never matches');
  await verifyPassword(await decoy, password);
}

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

/** NCSC guidance: length over composition rules; refuse the obvious. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN) return `Enter a password of at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `Enter a password of at most ${PASSWORD_MAX} characters`;
  // A local part of a few letters ("al@...") is part of too many words to refuse on its own.
  const name = email.trim().split('@')[0]?.toLowerCase() ?? '';
  if (name.length >= 4 && password.toLowerCase().includes(name)) {
    return 'Enter a password that does not contain your email address';
  }
  if (new Set(password).size < 5) return 'Enter a password with more variety: it repeats too few characters';
  return null;
}
