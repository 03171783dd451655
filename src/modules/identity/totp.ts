// Time-based one-time passwords (RFC 6238) through otplib; a used time step is remembered so that a
// code cannot be replayed within its window.
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

export function newSecret(): string {
  return generateSecret({ length: 20 });
}

export function otpauthUri(secret: string, email: string): string {
  return generateURI({ issuer: 'JoinedUp', label: email, secret });
}

export async function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}

/** Returns the matching time step, or null. One step of drift either way is allowed (30 seconds). */
export function checkCode(secret: string, code: string, now: Date, afterStep: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const result = verifySync({
      secret,
      token,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: 30,
      ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
    });
    if (!result.valid) return null;
    // The matching code's RFC 6238 time step (30-second periods), from the drift the library reports.
    return Math.floor(now.getTime() / 30_000) + result.delta;
  } catch {
    return null;
  }
}

/** For tests and the command line: the code an authenticator app would show at `at`. */
export function codeAt(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}
