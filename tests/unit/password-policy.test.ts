import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { PASSWORD_MIN_LENGTH, passwordProblem, passwordShapeProblem } from '../../shared/password-policy.js';

// A valid resident ID number (checksum correct) that is nobody's: 11010519491231002X.
const ID = '11010519491231002X';

describe('the clerk password policy', () => {
  it('accepts a long enough password with letters and digits, including the demo password', () => {
    expect(passwordProblem('Window2026a', { staffNo: 'ck01' })).toBeNull();
    expect(passwordProblem(DEMO_PASSWORD, { staffNo: 'sj01' })).toBeNull();
    expect(passwordShapeProblem('a1'.repeat(PASSWORD_MIN_LENGTH / 2))).toBeNull();
  });

  it('refuses short passwords and says how long they are', () => {
    expect(passwordShapeProblem('Abc12345')).toMatch(/至少 10 位（现为 8 位）/);
    expect(passwordShapeProblem('Abc123456')).toMatch(/至少 10 位/);
    expect(passwordShapeProblem('x'.repeat(120) + '1'.repeat(9))).toMatch(/不能超过 128 位/);
  });

  it('needs both letters and digits', () => {
    expect(passwordShapeProblem('abcdefghijk')).toMatch(/同时包含字母和数字/);
    expect(passwordShapeProblem('12345678901')).toMatch(/同时包含字母和数字/);
    expect(passwordShapeProblem('密码很长很长很长很长很长1')).toMatch(/同时包含字母和数字/);
  });

  it('refuses the staff number in any case, anywhere in the password', () => {
    expect(passwordProblem('Sj01window26', { staffNo: 'sj01' })).toMatch(/不能含工号“sj01”/);
    expect(passwordProblem('window26SJ01', { staffNo: 'sj01' })).toMatch(/工号/);
    expect(passwordProblem('window26SJ01', { staffNo: 'sp01' })).toBeNull();
  });

  it('refuses an ID number and any run of 15 or more digits', () => {
    expect(passwordShapeProblem(ID)).toMatch(/身份证号码/);
    expect(passwordShapeProblem(`pw${ID.toLowerCase()}`)).toMatch(/身份证号码/);
    expect(passwordShapeProblem('a123456789012345')).toMatch(/15 位以上的连续数字/);
    // 14 digits with a letter is fine: it cannot be an ID number.
    expect(passwordShapeProblem('a12345678901234')).toBeNull();
    // An 18-character run failing the checksum is still refused as a long digit run.
    expect(passwordShapeProblem('pw110105194912310021')).toMatch(/15 位以上/);
  });
});
