import { CloseReason } from '@switchboard/schema';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../modules/auth/actor.js';
import type { LiveSocket } from '../../modules/context.js';
import { LiveConnections } from '../connections.js';

// The registry alone: the server tests (live.test.ts, api-keys.test.ts) prove the same over real sockets.

function socket(): LiveSocket & { closedWith: Array<[number, string]>; state: number } {
  const closedWith: Array<[number, string]> = [];
  return {
    closedWith,
    state: 1,
    get readyState() { return this.state; },
    bufferedAmount: 0,
    send: () => undefined,
    close(code: number, reason: string) { closedWith.push([code, reason]); this.state = 3; },
    cork: () => undefined,
    uncork: () => undefined,
  };
}

const agent = (agentId: string, sessionId: string): Actor =>
  ({ kind: 'agent', agentId, sessionId, role: 'AGENT', expiresAt: new Date(Date.now() + 3_600_000) }) as unknown as Actor;

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('LiveConnections', () => {
  it('refuses a socket whose token was revoked while it was being looked up, and admits the others', async () => {
    const connections = new LiveConnections();
    const [pat, sam] = [socket(), socket()];
    const patLookup = deferred<Actor | null>();
    const samLookup = deferred<Actor | null>();
    const patAdmitted = connections.admit(pat, () => patLookup.promise);
    const samAdmitted = connections.admit(sam, () => samLookup.promise);
    connections.revoke({ sessionId: 'ses_pat' }, CloseReason.SIGNED_OUT); // committed after Pat's lookup read the session
    patLookup.resolve(agent('agt_pat', 'ses_pat'));
    samLookup.resolve(agent('agt_sam', 'ses_sam'));
    expect(await patAdmitted).toBeNull();
    expect(await samAdmitted).toMatchObject({ agentId: 'agt_sam' });
    expect(connections.size).toBe(1);

    // Later revocations close admitted sockets; earlier ones are not held against new lookups.
    connections.revoke({ agentId: 'agt_sam' }, CloseReason.AGENT_DEACTIVATED);
    expect(sam.closedWith).toEqual([[4403, CloseReason.AGENT_DEACTIVATED]]);
    expect(await connections.admit(socket(), async () => agent('agt_pat', 'ses_pat2'))).toMatchObject({ sessionId: 'ses_pat2' });
  });

  it('does not admit a socket that closed during its lookup', async () => {
    const connections = new LiveConnections();
    const gone = socket();
    const lookup = deferred<Actor | null>();
    const admitted = connections.admit(gone, () => lookup.promise);
    gone.state = 3;
    lookup.resolve(agent('agt_pat', 'ses_pat'));
    expect(await admitted).toBeNull();
    expect(connections.size).toBe(0);
  });

  it('closes expired sockets with SESSION_EXPIRED and keeps the rest', async () => {
    const connections = new LiveConnections();
    const [old, fresh] = [socket(), socket()];
    await connections.admit(old, async () => ({ ...agent('agt_a', 'ses_a'), expiresAt: new Date(Date.now() - 1) }) as Actor);
    await connections.admit(fresh, async () => agent('agt_b', 'ses_b'));
    connections.closeExpired();
    expect(old.closedWith).toEqual([[4403, CloseReason.SESSION_EXPIRED]]);
    expect(fresh.closedWith).toEqual([]);
    expect(connections.size).toBe(1);
  });
});
