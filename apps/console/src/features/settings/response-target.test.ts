import { describe, expect, it } from 'vitest';
import { formatTarget, targetInput, targetSeconds } from './response-target';
import { targetProblem } from './settings-rules';

describe('formatTarget', () => {
  it('says a response target in its two largest units, hours past a day', () => {
    expect(formatTarget(300)).toBe('5 min');
    expect(formatTarget(4 * 3600)).toBe('4 h');
    expect(formatTarget(5400)).toBe('1 h 30 min');
    expect(formatTarget(24 * 3600)).toBe('24 h');
    expect(formatTarget(90)).toBe('1 min 30 s');
    expect(formatTarget(30 * 24 * 3600)).toBe('720 h');
  });
});

describe('targetInput', () => {
  it('shows whole hours in hours and anything else in minutes', () => {
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
  });

  it('gives null for what is not a number', () => {
    expect(targetSeconds('', 'minutes')).toBeNull();
    expect(targetSeconds('five', 'minutes')).toBeNull();
    expect(targetSeconds('-5', 'minutes')).toBeNull();
  });

  it('leaves the range to the same check the server makes: 1 s to 30 days', () => {
    expect(targetProblem(targetSeconds('0', 'minutes'))).toBe('Must be more than 0 and at most 30 days (720 hours)');
    expect(targetProblem(targetSeconds('721', 'hours'))).toBe('Must be more than 0 and at most 30 days (720 hours)');
    expect(targetProblem(targetSeconds('720', 'hours'))).toBeNull();
    expect(targetProblem(targetSeconds('x', 'hours'))).toBe('Enter a number');
  });
});
