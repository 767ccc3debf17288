import type { BoardHistoryQuery, BoardViewFragment, ChannelKind, CustomerPanelFragment, QueueRowFragment, ReportQuery, ResponseFiguresFragment, ThreadDetailFragment, ThreadEventsSubscription, ThreadMessageFragment } from '@switchboard/schema';

// Test factories: plain data with the __typename a server answer carries. Test-only: nothing
// under src/ imports this folder, so the production bundle never contains it.

/** `receivedAt` follows `createdAt` unless given, as it does for every kind but a late INBOUND. */
export function buildMessage(overrides: Partial<ThreadMessageFragment> = {}): ThreadMessageFragment & { __typename: 'Message' } {
  const createdAt = overrides.createdAt ?? '2026-03-02T10:00:00.000Z';
  return {
    __typename: 'Message',
    id: 'msg_1',
    kind: 'INBOUND',
    body: 'Hello?',
    createdAt,
    receivedAt: createdAt,
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

/** A queue row as the live feed carries it (no __typename: events are read off the socket). */
export function buildQueueRow(overrides: Partial<QueueRowFragment> = {}): QueueRowFragment {
  return {
    id: 'thr_1',
    version: 1,
    subject: null,
    status: 'OPEN',
    priority: 'NORMAL',
    preview: 'Hello?',
    waitingSince: '2026-03-02T10:00:00.000Z',
    responseDueAt: '2026-03-02T10:05:00.000Z',
    breached: false,
    updatedAt: '2026-03-02T10:00:00.000Z',
    customer: { id: 'cus_1', name: 'Carla Diaz' },
    queue: { id: 'que_general', name: 'General' },
    channel: { id: 'chn_sms', kind: 'SMS', name: 'SMS' },
    waitChannel: null,
    owner: null,
    collaborators: [],
    lastMessage: null,
    ...overrides,
  };
}

export type LiveEventData = ThreadEventsSubscription['threadEvents'];

/** One `threadEvents` event about `thread` at `version`, with the given cursor. */
export function buildLiveEvent(cursor: string, thread: QueueRowFragment = buildQueueRow(), version = thread.version): LiveEventData {
  const state = {
    status: thread.status,
    queueId: thread.queue.id,
    ownerId: thread.owner?.id ?? null,
    collaboratorIds: thread.collaborators.map((agent) => agent.id),
    priority: thread.priority,
    waitingSince: thread.waitingSince,
    responseDueAt: thread.responseDueAt,
  };
  return {
    cursor,
    type: 'CREATED',
    threadVersion: version,
    at: thread.updatedAt,
    note: null,
    actor: null,
    before: null,
    after: state,
    message: null,
    thread: { ...thread, version },
  };
}

type ChannelRow = BoardViewFragment['channels'][number];
type QueueRow = BoardViewFragment['queues'][number];
type AgentRow = BoardViewFragment['agents'][number];

/** A channel's board row: nobody waiting unless overrides say so. */
export function buildChannelBoardRow(overrides: Partial<ChannelRow> = {}): ChannelRow & { __typename: 'ChannelBoardRow' } {
  return {
    __typename: 'ChannelBoardRow',
    channel: { __typename: 'Channel', id: 'chn_sms', kind: 'SMS', name: 'SMS', responseTargetSeconds: 300 } as ChannelRow['channel'],
    waitingCount: 0,
    unassignedCount: 0,
    oldestWaitingSince: null,
    longestWaitSeconds: null,
    medianWaitingSince: null,
    medianWaitSeconds: null,
    p90WaitingSince: null,
    p90WaitSeconds: null,
    breachedCount: 0,
    answeredLastHour: 0,
    serviceLevelLastHour: null,
    longestWaitingThreadId: null,
    ...overrides,
  };
}

export function buildQueueBoardRow(overrides: Partial<QueueRow> = {}): QueueRow & { __typename: 'QueueBoardRow' } {
  return {
    __typename: 'QueueBoardRow',
    queue: { __typename: 'Queue', id: 'que_general', name: 'General' } as QueueRow['queue'],
    waitingCount: 0,
    unassignedCount: 0,
    oldestWaitingSince: null,
    longestWaitSeconds: null,
    breachedCount: 0,
    onlineAgentCount: 0,
    longestWaitingThreadId: null,
    ...overrides,
  };
}

export function buildAgentLoad(overrides: Partial<AgentRow['agent']> = {}, load: Partial<Omit<AgentRow, 'agent'>> = {}): AgentRow & { __typename: 'AgentLoad' } {
  return {
    __typename: 'AgentLoad',
    agent: { __typename: 'Agent', id: 'agt_ada', name: 'Ada Lovelace', role: 'AGENT', presence: 'ONLINE', capacity: 5, presenceSetBy: null, ...overrides } as AgentRow['agent'],
    ownedThreadCount: 0,
    threads: [],
    ...load,
  };
}

export function buildBoard(overrides: Partial<BoardViewFragment> = {}): BoardViewFragment & { __typename: 'Board' } {
  return {
    __typename: 'Board',
    asOf: '2026-03-02T10:00:00.000Z',
    channels: [buildChannelBoardRow()],
    queues: [buildQueueBoardRow()],
    agents: [buildAgentLoad()],
    ...overrides,
  };
}

type Report = ReportQuery['report'];

/** Response figures: nothing happened unless overrides say so. */
export function buildFigures(overrides: Partial<ResponseFiguresFragment> = {}): ResponseFiguresFragment & { __typename: 'ResponseFigures' } {
  return {
    __typename: 'ResponseFigures',
    answeredCount: 0,
    answeredInTargetCount: 0,
    serviceLevel: null,
    medianResponseSeconds: null,
    p90ResponseSeconds: null,
    breachedCount: 0,
    resolvedCount: 0,
    ...overrides,
  };
}

export function buildChannelReport(channel: { id: string; name: string; kind?: ChannelKind }, figures: ResponseFiguresFragment = buildFigures()): Report['channels'][number] {
  return { __typename: 'ChannelReport', channel: { __typename: 'Channel', kind: 'SMS', ...channel }, figures } as Report['channels'][number];
}

export function buildQueueReport(queue: { id: string; name: string }, figures: ResponseFiguresFragment = buildFigures()): Report['queues'][number] {
  return { __typename: 'QueueReport', queue: { __typename: 'Queue', ...queue }, figures } as Report['queues'][number];
}

export function buildAgentReport(agent: { id: string; name: string }, figures: ResponseFiguresFragment = buildFigures(), firstResponseCount = 0): Report['agents'][number] {
  return { __typename: 'AgentReport', agent: { __typename: 'Agent', ...agent }, figures, firstResponseCount } as Report['agents'][number];
}

export function buildReport(overrides: Partial<Report> = {}): Report & { __typename: 'Report' } {
  return {
    __typename: 'Report',
    from: '2026-11-30T00:00:00.000Z',
    to: '2026-12-01T00:00:00.000Z',
    total: buildFigures(),
    channels: [],
    queues: [],
    agents: [],
    ...overrides,
  };
}

type Snapshot = BoardHistoryQuery['boardHistory'][number];

/** One channel's board snapshot at `at`. */
export function buildSnapshot(at: string, channel: { id: string; name: string; kind?: ChannelKind }, waitingCount: number, breachedCount = 0): Snapshot & { __typename: 'BoardSnapshot' } {
  return {
    __typename: 'BoardSnapshot',
    at,
    channel: { __typename: 'Channel', kind: 'SMS', ...channel } as Snapshot['channel'],
    waitingCount,
    breachedCount,
  };
}

type CustomerThreadNode = CustomerPanelFragment['threads']['edges'][number]['node'];
type CustomerThreadOverrides = Partial<Omit<CustomerThreadNode, 'channel'>> & { channel?: CustomerThreadNode['channel'] & { __typename?: 'Channel' } };
type CustomerIdentityRow = CustomerPanelFragment['identities'][number] & { __typename?: 'CustomerIdentity' };

/** One of a customer's threads as the customer panel lists it. */
export function buildCustomerThread(overrides: CustomerThreadOverrides = {}) {
  return {
    __typename: 'Thread' as const,
    id: 'thr_1',
    subject: 'Card declined' as string | null,
    preview: 'My card was declined twice' as string | null,
    status: 'OPEN' as CustomerThreadNode['status'],
    updatedAt: '2026-03-02T10:00:00.000Z',
    channel: { __typename: 'Channel' as const, id: 'chn_sms', kind: 'SMS' as ChannelKind },
    ...overrides,
  };
}

/** The customer panel's customer: Carla of buildThread, with that one thread unless told otherwise. */
export function buildCustomer(
  overrides: { id?: string; name?: string; identities?: CustomerIdentityRow[]; threads?: Array<ReturnType<typeof buildCustomerThread>>; totalCount?: number } = {},
) {
  const { threads = [buildCustomerThread()], totalCount, ...rest } = overrides;
  return {
    __typename: 'Customer' as const,
    id: 'cus_1',
    name: 'Carla Diaz',
    identities: [
      { __typename: 'CustomerIdentity' as const, channelKind: 'SMS' as ChannelKind, address: '+15550100' },
      { __typename: 'CustomerIdentity' as const, channelKind: 'EMAIL' as ChannelKind, address: 'carla@example.com' },
    ] as CustomerIdentityRow[],
    threads: {
      __typename: 'ThreadConnection' as const,
      totalCount: totalCount ?? threads.length,
      edges: threads.map((node) => ({ __typename: 'ThreadEdge' as const, node })),
    },
    ...rest,
  };
}
