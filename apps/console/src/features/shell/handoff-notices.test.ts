import { describe, expect, it } from 'vitest';
import { buildLiveEvent, buildQueueRow } from '../../../test/factories';
import { handOffNotice, handOffTitle } from './handoff-notices';

const ben = { id: 'agt_ben', name: 'Ben Okafor' };
const me = { id: 'agt_me', name: 'Grace' };

function handOff(to: { id: string; name: string } | null, by: { id: string; name: string } | null = ben, note: string | null = 'Card declined twice') {
  const thread = buildQueueRow({ id: 'thr_1', owner: to });
  const event = buildLiveEvent('c7', thread, 4);
  return { ...event, type: 'HANDED_OFF' as const, actor: by, note, before: { ...event.after, ownerId: by?.id ?? null } };
}

describe('handOffNotice', () => {
  it('tells me who handed me which customer, with the note', () => {
    const notice = handOffNotice(handOff(me), me.id);
    expect(notice).toEqual({ id: 'c7', threadId: 'thr_1', from: 'Ben Okafor', customer: 'Carla Diaz', note: 'Card declined twice' });
    expect(handOffTitle(notice!)).toBe('Ben Okafor handed you Carla Diaz');
  });

  it('ignores hand-offs to someone else or to a queue, and other events', () => {
    expect(handOffNotice(handOff({ id: 'agt_ada', name: 'Ada' }), me.id)).toBeNull();
    expect(handOffNotice(handOff(null), me.id)).toBeNull();
    expect(handOffNotice({ ...handOff(me), type: 'CLAIMED' }, me.id)).toBeNull();
  });

  it('says "Someone" when no agent did it, and drops an empty note', () => {
    expect(handOffNotice(handOff(me, null, '  '), me.id)).toMatchObject({ from: 'Someone', note: null });
  });
});
