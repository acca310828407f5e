import { checkIdNumber } from './validators.js';

// The clerk password policy, shared by the host (which enforces it) and the renderer (which
// explains it before the clerk submits). Why these rules:
// - 10 characters with both letters and digits: long enough that the 5-try lockout makes online
//   guessing hopeless, short enough to type at a counter many times a day; no special-character
//   rule, which mostly yields "Password1!" variants and sticky notes.
// - not the staff number: it is printed on the counter's name plate.
// - not an ID number: clerk records hold no ID number, so any valid 18-character ID number and
//   any run of 15 or more digits (an old 15-digit number, a phone number with area code) is refused.
// - not one of the last PASSWORD_HISTORY passwords: checked by the host against stored hashes.
// Existing passwords are not re-checked: the policy applies when a password is set.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
/** How many earlier passwords of a clerk may not be chosen again. */
export const PASSWORD_HISTORY = 5;

/** The one-line rule shown next to a new-password field. */
export const PASSWORD_RULE_TEXT = `至少 ${PASSWORD_MIN_LENGTH} 位，须同时包含字母和数字，不能含工号或身份证号码，不能与最近 ${PASSWORD_HISTORY} 次用过的密码相同。`;

/** Problems that need no knowledge of the clerk: used by the method contract's schema. */
export function passwordShapeProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `密码至少 ${PASSWORD_MIN_LENGTH} 位（现为 ${password.length} 位），请加长后再试。`;
  if (password.length > PASSWORD_MAX_LENGTH) return `密码不能超过 ${PASSWORD_MAX_LENGTH} 位。`;
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return '密码须同时包含字母和数字，请补上缺少的一类。';
  const upper = password.toUpperCase();
  for (let i = 0; i + 18 <= upper.length; i++) {
    const window = upper.slice(i, i + 18);
    if (/^\d{17}[\dX]$/.test(window) && checkIdNumber(window).ok) return '密码不能含身份证号码，请换一个与证件无关的密码。';
  }
  if (/\d{15,}/.test(password)) return '密码不能含 15 位以上的连续数字（可能是证件号码），请换一个密码。';
  return null;
}

/** Every rule that can be checked from the password and the clerk's staff number. */
export function passwordProblem(password: string, clerk: { staffNo: string }): string | null {
  const shape = passwordShapeProblem(password);
  if (shape) return shape;
  const staffNo = clerk.staffNo.trim().toLowerCase();
  if (staffNo && password.toLowerCase().includes(staffNo)) return `密码不能含工号“${clerk.staffNo}”，请换一个他人猜不到的密码。`;
  return null;
}

export const PASSWORD_REUSED_MESSAGE = `新密码不能与最近 ${PASSWORD_HISTORY} 次用过的密码相同，请换一个新密码。`;
