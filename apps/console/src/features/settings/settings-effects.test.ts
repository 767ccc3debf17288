import { describe, expect, it } from 'vitest';
import { deactivateEffect, membersEffect } from './settings-effects';

const agent = (name: string, ownedThreadCount: number, queues: string[] = ['Billing']) => ({ name, ownedThreadCount, queues: queues.map((q) => ({ name: q })) });

describe('deactivateEffect', () => {
  it("says how many threads return, and where, before the agent is deactivated", () => {
    expect(deactivateEffect(agent('Dana Reyes', 3))).toBe(
      'Dana Reyes holds 3 open threads; they return to Billing, unowned, for others to claim. Dana Reyes is signed out at once and cannot sign in until reactivated.',
    );
    expect(deactivateEffect(agent('Dana Reyes', 1, ['Billing', 'General']))).toContain('holds 1 open thread; they return to their queues');
    expect(deactivateEffect(agent('Dana Reyes', 0))).toBe('Dana Reyes holds no open threads. Dana Reyes is signed out at once and cannot sign in until reactivated.');
  });
});

describe('membersEffect', () => {
  it('says who joins, who leaves, and that the leavers\u2019 threads of the queue return to it', () => {
    expect(membersEffect('Billing', [agent('Dana Reyes', 3), agent('Ben Ortiz', 0)], [agent('Ada Lovelace', 0)])).toBe(
      'Ada Lovelace joins Billing and can claim its threads. Dana Reyes and Ben Ortiz leave Billing. Dana Reyes holds 3 open threads: those of Billing return to Billing, unowned, for others to claim.',
    );
    expect(membersEffect('Billing', [agent('Ben Ortiz', 0)], [])).toBe('Ben Ortiz leaves Billing. They hold no open threads.');
    expect(membersEffect('Billing', [], [])).toBe('No change yet: tick or untick agents.');
  });
});
