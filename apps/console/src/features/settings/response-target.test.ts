import { describe, expect, it } from 'vitest';
import { formatTarget, targetInput, targetSeconds } from './response-target';
import { targetProblem } from './settings-rules';

describe('formatTarget', () => {
  it('says a response target in its two largest units, in the unit the form opens it in', () => {
    expect(formatTarget(300)).toBe('5 min');
    expect(formatTarget(4 * 3600)).toBe('4 h');
    expect(formatTarget(5400)).toBe('1 h 30 min');
    expect(formatTarget(90)).toBe('1 min 30 s');
    expect(formatTarget(36 * 3600)).toBe('36 h');
    expect(formatTarget(24 * 3600)).toBe('1 d');
    expect(formatTarget(2 * 24 * 3600)).toBe('2 d');
    expect(formatTarget(30 * 24 * 3600)).toBe('30 d');
  });
});

describe('targetInput', () => {
  it('shows whole days in days, whole hours in hours and anything else in minutes', () => {
    expect(targetInput(2 * 86_400)).toEqual({ amount: '2', unit: 'days' });
    expect(targetInput(36 * 3600)).toEqual({ amount: '36', unit: 'hours' });
    expect(targetInput(4 * 3600)).toEqual({ amount: '4', unit: 'hours' });
    expect(targetInput(300)).toEqual({ amount: '5', unit: 'minutes' });
    expect(targetInput(5400)).toEqual({ amount: '90', unit: 'minutes' });
    expect(targetInput(90)).toEqual({ amount: '1.5', unit: 'minutes' });
  });
});

describe('targetSeconds', () => {
  it('turns a number and a unit into whole seconds, reading a decimal comma', () => {
    expect(targetSeconds('5', 'minutes')).toBe(300);
    expect(targetSeconds('1.5', 'hours')).toBe(5400);
    expect(targetSeconds('1,5', 'hours')).toBe(5400);
    expect(targetSeconds(' 90 ', 'minutes')).toBe(5400);
    expect(targetSeconds('2', 'days')).toBe(172_800);
    expect(targetSeconds('0.5', 'days')).toBe(43_200);
  });

  it('reads a negative number as a number, and gives null for what is not one', () => {
    expect(targetSeconds('-3', 'minutes')).toBe(-180);
    expect(targetSeconds('-0', 'minutes')).toBe(0);
    expect(targetSeconds('', 'minutes')).toBeNull();
    expect(targetSeconds('five', 'minutes')).toBeNull();
    expect(targetSeconds('-', 'minutes')).toBeNull();
    expect(targetSeconds('1-2', 'minutes')).toBeNull();
  });

  it('leaves the range to the same check the server makes: 1 s to 30 days', () => {
    const outOfRange = 'Must be more than 0 and at most 30 days';
    expect(targetProblem(targetSeconds('0', 'minutes'))).toBe(outOfRange);
    expect(targetProblem(targetSeconds('-3', 'minutes'))).toBe(outOfRange);
    expect(targetProblem(targetSeconds('721', 'hours'))).toBe(outOfRange);
    expect(targetProblem(targetSeconds('31', 'days'))).toBe(outOfRange);
    expect(targetProblem(targetSeconds('720', 'hours'))).toBeNull();
    expect(targetProblem(targetSeconds('30', 'days'))).toBeNull();
    expect(targetProblem(targetSeconds('2', 'days'))).toBeNull();
    expect(targetProblem(targetSeconds('x', 'hours'))).toBe('Enter a number');
  });
});
