import { describe, expect, it } from 'vitest';
import { threadActions, type PermissionThread } from './thread-permissions';

const owned: PermissionThread = { status: 'OPEN', owner: { id: 'agt_owner' }, collaborators: [{ id: 'agt_collab' }] };
const agent = (id: string) => ({ id, role: 'AGENT' as const });

describe('threadActions', () => {
  it('lets the owner release, hand off, change status and reply, but not claim or join', () => {
    const actions = threadActions(owned, agent('agt_owner'));
    expect(actions).toMatchObject({
      relation: 'owner',
      claim: false,
      release: true,
      handOff: true,
      setStatus: true,
      pending: true,
      resolve: true,
      reopen: false,
      join: false,
      leave: false,
      reply: true,
    });
  });

  it('lets a collaborator reply, change status and leave, but not release or hand off', () => {
    const actions = threadActions(owned, agent('agt_collab'));
    expect(actions).toMatchObject({ relation: 'collaborator', release: false, handOff: false, setStatus: true, join: false, leave: true, reply: true });
  });

  it('offers anyone else only Join (and no reply rights) on an owned thread', () => {
    const actions = threadActions(owned, agent('agt_other'));
    expect(actions).toMatchObject({
      relation: 'other',
      claim: false,
      release: false,
      handOff: false,
      setStatus: false,
      pending: false,
      resolve: false,
      join: true,
      leave: false,
      reply: false,
    });
  });

  it('offers Claim on an unowned thread that is not resolved', () => {
    expect(threadActions({ ...owned, owner: null }, agent('agt_other')).claim).toBe(true);
    expect(threadActions({ ...owned, owner: null, status: 'RESOLVED' }, agent('agt_other')).claim).toBe(false);
  });

  it('gives a supervisor the owner rights on a thread they do not own', () => {
    const actions = threadActions(owned, { id: 'agt_sup', role: 'SUPERVISOR' });
    expect(actions).toMatchObject({ relation: 'other', release: true, handOff: true, setStatus: true, reply: true, join: true });
  });

  it('offers an admin Hand off and Join on a thread they do not own, and Hand off on an unowned one (from the board)', () => {
    expect(threadActions(owned, { id: 'agt_admin', role: 'ADMIN' })).toMatchObject({ handOff: true, join: true });
    expect(threadActions({ ...owned, owner: null }, { id: 'agt_sup', role: 'SUPERVISOR' })).toMatchObject({ claim: true, handOff: true, join: true });
    expect(threadActions({ ...owned, owner: null }, agent('agt_other')).handOff).toBe(false);
  });

  it('offers only Reopen on a resolved thread, and Reopen with Resolve on a pending one', () => {
    expect(threadActions({ ...owned, status: 'RESOLVED' }, agent('agt_owner'))).toMatchObject({ pending: false, resolve: false, reopen: true, release: false, handOff: false });
    expect(threadActions({ ...owned, status: 'PENDING' }, agent('agt_owner'))).toMatchObject({ pending: false, resolve: true, reopen: true });
  });
});
