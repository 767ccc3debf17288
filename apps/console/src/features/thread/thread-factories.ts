import type { ThreadDetailFragment, ThreadMessageFragment } from '@switchboard/schema';

// Test factories: plain data with the __typename a server answer carries.

export function buildMessage(overrides: Partial<ThreadMessageFragment> = {}): ThreadMessageFragment & { __typename: 'Message' } {
  return {
    __typename: 'Message',
    id: 'msg_1',
    kind: 'INBOUND',
    body: 'Hello?',
    createdAt: '2026-03-02T10:00:00.000Z',
    to: null,
    deliveryStatus: null,
    channel: { __typename: 'Channel', id: 'chn_sms', kind: 'SMS', name: 'SMS' } as ThreadMessageFragment['channel'],
    author: null,
    ...overrides,
  };
}

export function buildThread(overrides: Partial<ThreadDetailFragment> = {}) {
  return {
    __typename: 'Thread' as const,
    id: 'thr_1',
    version: 3,
    subject: 'Card declined',
    status: 'OPEN' as const,
    priority: 'NORMAL' as const,
    waitingSince: '2026-03-02T10:00:00.000Z',
    responseDueAt: '2026-03-02T10:05:00.000Z',
    breached: false,
    channel: { __typename: 'Channel' as const, id: 'chn_sms', kind: 'SMS' as const, name: 'SMS' },
    customer: {
      __typename: 'Customer' as const,
      id: 'cus_1',
      name: 'Carla Diaz',
      identities: [
        { __typename: 'CustomerIdentity' as const, channelKind: 'SMS' as const, address: '+15550100' },
        { __typename: 'CustomerIdentity' as const, channelKind: 'EMAIL' as const, address: 'carla@example.com' },
      ],
    },
    owner: { __typename: 'Agent' as const, id: 'agt_ben', name: 'Ben Ortiz' },
    collaborators: [] as Array<{ __typename: 'Agent'; id: string; name: string }>,
    queue: { __typename: 'Queue' as const, id: 'que_general', name: 'General' },
    ...overrides,
  };
}
