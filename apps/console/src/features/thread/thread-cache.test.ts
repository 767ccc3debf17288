import { InMemoryCache } from '@apollo/client';
import { ThreadDocument, type ThreadEventsSubscription } from '@switchboard/schema';
import { describe, expect, it } from 'vitest';
import { applyThreadEvent } from './thread-cache';
import { buildMessage, buildThread } from '../../../test/factories';
import { threadVariables } from './useThread';

type LiveEvent = ThreadEventsSubscription['threadEvents'];

function cacheWithThread() {
  const cache = new InMemoryCache();
  const first = buildMessage({ id: 'msg_1' });
  cache.writeQuery({
    query: ThreadDocument,
    variables: threadVariables('thr_1'),
    data: {
      thread: {
        ...buildThread(),
        messages: {
          __typename: 'MessageConnection',
          edges: [{ __typename: 'MessageEdge', cursor: 'c1', node: first }],
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'c1' },
        },
      },
      me: { __typename: 'Agent', id: 'agt_ben', name: 'Ben Ortiz', role: 'AGENT' },
    } as never,
  });
  return cache;
}

// As the socket delivers it: no __typename anywhere.
function buildEvent(version: number, overrides: Partial<LiveEvent> = {}): LiveEvent {
  const thread = buildThread();
  return {
    cursor: `e${version}`,
    type: 'REPLIED',
    threadVersion: version,
    at: '2026-03-02T10:06:00.000Z',
    note: null,
    actor: { id: 'agt_ben', name: 'Ben Ortiz' },
    before: null,
    after: { status: 'OPEN', queueId: 'que_general', ownerId: 'agt_ben', collaboratorIds: [], priority: 'HIGH', waitingSince: null, responseDueAt: null },
    message: {
      id: 'msg_2',
      kind: 'REPLY',
      body: 'On it.',
      createdAt: '2026-03-02T10:06:00.000Z',
      receivedAt: '2026-03-02T10:06:00.000Z',
      to: '+15550100000',
      deliveryStatus: 'QUEUED',
      author: { id: 'agt_ben', name: 'Ben Ortiz' },
      channel: { id: 'chn_sms', kind: 'SMS', name: 'SMS' },
    },
    thread: {
      id: thread.id,
      version,
      subject: thread.subject,
      status: 'OPEN',
      priority: 'HIGH',
      preview: 'On it.',
      waitingSince: null,
      responseDueAt: null,
      breached: false,
      updatedAt: '2026-03-02T10:06:00.000Z',
      customer: { id: 'cus_1', name: 'Carla Diaz' },
      queue: { id: 'que_general', name: 'General' },
      channel: { id: 'chn_sms', kind: 'SMS', name: 'SMS' },
      waitChannel: null,
      owner: { id: 'agt_ben', name: 'Ben Ortiz' },
      collaborators: [{ id: 'agt_cy', name: 'Cy Park' }],
      lastMessage: { id: 'msg_2', kind: 'REPLY', createdAt: '2026-03-02T10:06:00.000Z', receivedAt: '2026-03-02T10:06:00.000Z' },
    },
    ...overrides,
  };
}

function read(cache: InMemoryCache) {
  const data = cache.readQuery({ query: ThreadDocument, variables: threadVariables('thr_1') });
  if (!data?.thread) throw new Error('thread not in cache');
  return data.thread;
}

describe('applyThreadEvent', () => {
  it('appends the event message once and updates the normalized thread, from the event alone', () => {
    const cache = cacheWithThread();
    expect(applyThreadEvent(cache, 'thr_1', buildEvent(4))).toBe(true);
    expect(applyThreadEvent(cache, 'thr_1', buildEvent(4))).toBe(true);

    const thread = read(cache);
    expect(thread.messages.edges.map((edge) => edge.node.id)).toEqual(['msg_1', 'msg_2']);
    expect(thread.messages.edges[1]?.node).toMatchObject({ kind: 'REPLY', deliveryStatus: 'QUEUED', author: { id: 'agt_ben' } });
    expect(thread).toMatchObject({ version: 4, priority: 'HIGH', collaborators: [{ id: 'agt_cy', name: 'Cy Park' }] });
    // Still normalized: identities loaded by the thread query survive the event's smaller customer.
    expect(thread.customer.identities).toHaveLength(2);
  });

  it('never lets an older thread overwrite a newer one', () => {
    const cache = cacheWithThread();
    applyThreadEvent(cache, 'thr_1', buildEvent(6, { message: null }));
    const stale = buildEvent(5, { message: null });
    applyThreadEvent(cache, 'thr_1', { ...stale, thread: { ...stale.thread, priority: 'LOW' } });
    expect(read(cache)).toMatchObject({ version: 6, priority: 'HIGH' });
  });

  it('reports an unloaded thread so the caller applies the event later, and ignores other threads', () => {
    const empty = new InMemoryCache();
    expect(applyThreadEvent(empty, 'thr_1', buildEvent(4))).toBe(false);
    const cache = cacheWithThread();
    const other = buildEvent(9);
    expect(applyThreadEvent(cache, 'thr_1', { ...other, thread: { ...other.thread, id: 'thr_2' } })).toBe(true);
    expect(read(cache).messages.edges).toHaveLength(1);
  });
});
