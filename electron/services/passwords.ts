import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { PASSWORD_REUSED_MESSAGE, passwordProblem } from '../../shared/password-policy.js';

// scrypt with per-password salt; parameters are stored with the hash so they can be raised later.
const PARAMS = { N: 1 << 15, r: 8, p: 1 } as const;
const KEY_LEN = 32;

function scrypt(password: string, salt: Buffer, keyLen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFKC'), salt, keyLen, { ...opts, maxmem: 128 * opts.N! * opts.r! * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LEN, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(key, expected);
}

/** A hash to verify against when the staff number is unknown, so both paths take equally long. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(12).toString('hex'));
  return decoy;
}

/**
 * Applies the password policy to a password being set: the shared rules, then the clerk's
 * recent passwords (hashes, newest first). `field` names the input the message is about.
 */
export async function checkNewPassword(password: string, clerk: { staffNo: string }, recentHashes: readonly string[], field: string): Promise<void> {
  const problem = passwordProblem(password, clerk);
  if (problem) throw new AppError('INVALID_INPUT', problem, { field });
  for (const h of recentHashes) {
    if (await verifyPassword(password, h)) throw new AppError('INVALID_INPUT', PASSWORD_REUSED_MESSAGE, { field });
  }
}
