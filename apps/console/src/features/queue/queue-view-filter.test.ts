import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, filterFromView, matchesView, mayMatchSearch, viewOrder, viewStatuses, type QueueViewFilter, type QueueViewer } from './queue-view-filter';

const me: QueueViewer = { id: 'agt_me', queueIds: ['que_general', 'que_vip'] };

type Row = Parameters<typeof matchesView>[0];
function row(overrides: Partial<Row> = {}): Row {
  return {
    status: 'OPEN',
    waitingSince: '2026-03-01T10:00:00.000Z',
    queue: { id: 'que_general' },
    channel: { kind: 'SMS' },
    owner: null,
    ...overrides,
  };
}
const view = (overrides: Partial<QueueViewFilter>): QueueViewFilter => ({ ...DEFAULT_VIEW, ...overrides });

describe('matchesView', () => {
  it('lists OPEN and PENDING threads of my queues by default, owned or not, waiting or not', () => {
    expect(matchesView(row(), DEFAULT_VIEW, me)).toBe(true);
    expect(matchesView(row({ status: 'PENDING', waitingSince: null }), DEFAULT_VIEW, me)).toBe(true);
    expect(matchesView(row({ owner: { id: 'agt_ben' } }), DEFAULT_VIEW, me)).toBe(true);
  });

  it('drops a RESOLVED thread and one handed to a queue I am not in', () => {
    expect(matchesView(row({ status: 'RESOLVED' }), DEFAULT_VIEW, me)).toBe(false);
    expect(matchesView(row({ queue: { id: 'que_billing' } }), DEFAULT_VIEW, me)).toBe(false);
  });

  it('takes any queue for someone in no queue', () => {
    expect(matchesView(row({ queue: { id: 'que_billing' } }), DEFAULT_VIEW, { id: 'agt_sup', queueIds: [] })).toBe(true);
  });

  it('keeps only the selected queue and channel', () => {
    expect(matchesView(row(), view({ queueId: 'que_vip' }), me)).toBe(false);
    expect(matchesView(row({ queue: { id: 'que_vip' } }), view({ queueId: 'que_vip' }), me)).toBe(true);
    expect(matchesView(row(), view({ channel: 'EMAIL' }), me)).toBe(false);
    expect(matchesView(row({ channel: { kind: 'EMAIL' } }), view({ channel: 'EMAIL' }), me)).toBe(true);
  });

  it('drops a thread claimed by someone else from "Unassigned"', () => {
    expect(matchesView(row(), view({ state: 'UNASSIGNED' }), me)).toBe(true);
    expect(matchesView(row({ owner: { id: 'agt_ben' } }), view({ state: 'UNASSIGNED' }), me)).toBe(false);
  });

  it('keeps only my threads in "Mine", waiting ones in "Waiting", PENDING ones in "Pending"', () => {
    expect(matchesView(row({ owner: { id: 'agt_me' } }), view({ state: 'MINE' }), me)).toBe(true);
    expect(matchesView(row({ owner: { id: 'agt_ben' } }), view({ state: 'MINE' }), me)).toBe(false);
    expect(matchesView(row({ waitingSince: null }), view({ state: 'WAITING' }), me)).toBe(false);
    expect(matchesView(row(), view({ state: 'PENDING' }), me)).toBe(false);
    expect(matchesView(row({ status: 'PENDING' }), view({ state: 'PENDING' }), me)).toBe(true);
  });

  it('agrees with the server filter it mirrors', () => {
    expect(filterFromView(DEFAULT_VIEW, me)).toEqual({ status: ['OPEN', 'PENDING'], queueIds: ['que_general', 'que_vip'] });
    expect(filterFromView(view({ queueId: 'que_vip', channel: 'SMS', state: 'UNASSIGNED', search: ' refund ' }), me)).toEqual({
      status: ['OPEN', 'PENDING'],
      queueIds: ['que_vip'],
      channelKinds: ['SMS'],
      unassigned: true,
      search: 'refund',
    });
    expect(filterFromView(view({ state: 'MINE' }), { id: 'agt_me', queueIds: [] })).toEqual({ status: ['OPEN', 'PENDING'], ownerId: 'agt_me' });
    expect(filterFromView(view({ state: 'PENDING' }), me).status).toEqual(['PENDING']);
    expect(filterFromView(view({ state: 'WAITING' }), me).waiting).toBe(true);
  });
});

describe('the history views (Resolved, and a search on All)', () => {
  it('lists RESOLVED threads of any queue I may see in "Resolved", newest first', () => {
    expect(filterFromView(view({ state: 'RESOLVED' }), me)).toEqual({ status: ['RESOLVED'] });
    expect(viewOrder(view({ state: 'RESOLVED' }))).toBe('NEWEST');
    expect(viewOrder(DEFAULT_VIEW)).toBe('DUE_SOONEST');
    expect(matchesView(row({ status: 'RESOLVED', queue: { id: 'que_billing' } }), view({ state: 'RESOLVED' }), me)).toBe(true);
    expect(matchesView(row(), view({ state: 'RESOLVED' }), me)).toBe(false);
    expect(filterFromView(view({ state: 'RESOLVED', queueId: 'que_vip' }), me).queueIds).toEqual(['que_vip']);
  });

  it('searches resolved threads too on "All", and only there', () => {
    expect(viewStatuses(view({ search: 'refund' }))).toEqual(['OPEN', 'PENDING', 'RESOLVED']);
    expect(filterFromView(view({ search: 'refund' }), me)).toEqual({ status: ['OPEN', 'PENDING', 'RESOLVED'], search: 'refund' });
    expect(matchesView(row({ status: 'RESOLVED' }), view({ search: 'refund' }), me)).toBe(true);
    expect(viewStatuses(view({ search: '   ' }))).toEqual(['OPEN', 'PENDING']);
    expect(viewStatuses(view({ state: 'MINE', search: 'refund' }))).toEqual(['OPEN', 'PENDING']);
  });
});

describe('mayMatchSearch', () => {
  const thread = { customer: { name: 'Grace Hopper' }, subject: null, preview: 'My refund never arrived' };

  it('needs every word in the name, subject or preview, ignoring case', () => {
    expect(mayMatchSearch(thread, 'grace REFUND')).toBe(true);
    expect(mayMatchSearch(thread, 'grace invoice')).toBe(false);
  });
});
