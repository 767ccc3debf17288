import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAgentReport, buildChannelReport, buildFigures, buildQueueReport, buildReport } from '../../../test/factories';
import { cannedApollo, type CannedAnswers } from '../../../test/canned-apollo';
import { last7Period, periodInstants, todayPeriod } from './period';
import { channelsCsv } from './report-csv';
import { ReportsPage } from './ReportsPage';

const sms = buildChannelReport(
  { id: 'chn_sms', name: 'SMS', kind: 'SMS' },
  buildFigures({ answeredCount: 3, answeredInTargetCount: 2, serviceLevel: 2 / 3, medianResponseSeconds: 95, p90ResponseSeconds: 7500, breachedCount: 1, resolvedCount: 2 }),
);
const forum = buildChannelReport({ id: 'chn_forum', name: 'Forum, public', kind: 'FORUM' });
const REPORT = buildReport({
  total: buildFigures({ answeredCount: 3, answeredInTargetCount: 2, serviceLevel: 2 / 3, medianResponseSeconds: 95, p90ResponseSeconds: 7500, breachedCount: 1, resolvedCount: 2 }),
  channels: [forum, sms],
  queues: [buildQueueReport({ id: 'que_general', name: 'General' }, sms.figures)],
  agents: [
    buildAgentReport({ id: 'agt_ada', name: 'Ada Lovelace' }, buildFigures({ answeredCount: 1, answeredInTargetCount: 1, serviceLevel: 1, medianResponseSeconds: 45, p90ResponseSeconds: 45 }), 1),
    buildAgentReport({ id: 'agt_ben', name: 'Ben Okafor' }, buildFigures({ answeredCount: 2, answeredInTargetCount: 1, serviceLevel: 0.5, medianResponseSeconds: 200, p90ResponseSeconds: 7500, breachedCount: 1 }), 2),
    buildAgentReport({ id: 'agt_dana', name: 'Dana Whitfield' }),
  ],
});

function renderReports(role: 'AGENT' | 'SUPERVISOR' | 'ADMIN', url = '/reports', answers: CannedAnswers = { Report: () => ({ data: { report: REPORT } }) }) {
  window.history.replaceState(null, '', url);
  const apollo = cannedApollo(answers);
  render(apollo.wrap(<ReportsPage me={{ role }} loading={false} />));
  const reportCalls = () => apollo.calls.filter((call) => call.name === 'Report').map((call) => call.variables);
  return { ...apollo, reportCalls };
}

const pressed = (name: string) => screen.getByRole('button', { name }).getAttribute('aria-pressed');
const cell = (row: HTMLElement, figure: string) => row.querySelector(`[data-figure="${figure}"]`)?.textContent;

const objectUrls = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };

afterEach(() => {
  vi.restoreAllMocks();
  URL.createObjectURL = objectUrls.create;
  URL.revokeObjectURL = objectUrls.revoke;
  window.history.replaceState(null, '', '/');
});

describe('ReportsPage', () => {
  it('tells an agent reports are for supervisors and admins, with the way back, and asks the server nothing', () => {
    const { calls } = renderReports('AGENT');
    expect(screen.getByRole('heading', { name: 'Reports are for supervisors and admins.' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the queue' }).getAttribute('href')).toBe('/');
    expect(calls).toEqual([]);
  });

  it('says the same when the server refuses (the role changed since sign-in)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    renderReports('SUPERVISOR', '/reports', { Report: () => ({ data: null, errors: [{ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }] }) });
    expect(await screen.findByRole('heading', { name: 'Reports are for supervisors and admins.' })).toBeTruthy();
  });

  it('shows today by default: totals, then channels, agents (most answered first) and queues as real tables', async () => {
    const { reportCalls } = renderReports('SUPERVISOR');
    expect(screen.getByText('Loading the report…')).toBeTruthy();
    const channels = await screen.findByRole('table', { name: 'Channels' });
    expect(reportCalls()).toEqual([periodInstants(todayPeriod(new Date()))]);
    expect(pressed('Today')).toBe('true');
    expect(screen.queryByText(/Periods over a day/)).toBeNull();

    const totals = document.querySelector('dl[aria-label="Totals"]')!;
    expect([...totals.querySelectorAll('dt')].map((dt) => dt.textContent)).toEqual(['Answered', 'On time', 'Service level', 'Median response', '90% response', 'Overdue', 'Resolved']);
    expect(totals.querySelector('[data-figure="total-service-level"] dd')?.textContent).toBe('67%');
    expect(totals.querySelector('[data-figure="total-median"] dd')?.textContent).toBe('1 min 35 s');
    expect(totals.querySelector('[data-figure="total-p90"] dd')?.textContent).toBe('2 h 5 min');

    const headers = within(channels).getAllByRole('columnheader');
    expect(headers.map((th) => th.textContent)).toEqual(['Channel', 'Answered', 'On time', 'Service level', 'Median response', '90% response', 'Overdue', 'Resolved']);
    expect(headers.every((th) => th.getAttribute('scope') === 'col')).toBe(true);
    const smsRow = within(channels).getByRole('row', { name: /^SMS/ });
    expect(within(smsRow).getByRole('rowheader').getAttribute('scope')).toBe('row');
    expect(cell(smsRow, 'answered')).toBe('3');
    expect(cell(smsRow, 'service-level')).toBe('67%');
    expect(cell(smsRow, 'median')).toBe('1 min 35 s');
    expect(cell(smsRow, 'breached')).toBe('1');
    const forumRow = within(channels).getByRole('row', { name: /^Forum, public/ });
    expect([cell(forumRow, 'service-level'), cell(forumRow, 'median'), cell(forumRow, 'p90')]).toEqual(['—', '—', '—']);

    const agents = screen.getByRole('table', { name: 'Agents' });
    expect(within(agents).getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['Ben Okafor', 'Ada Lovelace', 'Dana Whitfield']);
    expect(within(agents).getAllByRole('columnheader').at(-1)?.textContent).toBe('First responses');
    expect(cell(within(agents).getByRole('row', { name: /^Ben Okafor/ }), 'first-responses')).toBe('2');
    expect(screen.getByRole('table', { name: 'Queues' })).toBeTruthy();
  });

  it('moves to the last 7 days through the URL, and says percentiles over a day are bucketed', async () => {
    const { reportCalls } = renderReports('SUPERVISOR');
    await screen.findByRole('table', { name: 'Channels' });
    fireEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    const week = last7Period(new Date());
    expect(window.location.search).toBe(`?from=${week.from}&to=${week.to}`);
    await screen.findByText(/Periods over a day: counts are exact/);
    expect(pressed('Last 7 days')).toBe('true');
    expect(reportCalls().at(-1)).toEqual(periodInstants(week));

    // Back: today again, from the history entry.
    act(() => {
      window.history.back();
    });
    await vi.waitFor(() => expect(pressed('Today')).toBe('true'));
  });

  it('checks a custom period before asking for it: end before start, over 400 days', async () => {
    const { reportCalls } = renderReports('SUPERVISOR');
    await screen.findByRole('table', { name: 'Channels' });
    fireEvent.click(screen.getByRole('button', { name: 'Custom' }));
    expect(pressed('Custom')).toBe('true');
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To (included)');
    const before = window.location.search;

    fireEvent.change(from, { target: { value: '2026-11-10' } });
    fireEvent.change(to, { target: { value: '2026-11-02' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
    expect(screen.getByRole('alert').textContent).toBe('The end day is before the start day.');
    expect(from.getAttribute('aria-invalid')).toBe('true');
    expect(window.location.search).toBe(before);

    fireEvent.change(from, { target: { value: '2025-01-01' } });
    fireEvent.change(to, { target: { value: '2026-02-05' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
    expect(screen.getByRole('alert').textContent).toBe('A report covers at most 400 days.');
    const asked = reportCalls().length;

    fireEvent.change(from, { target: { value: '2026-11-02' } });
    fireEvent.change(to, { target: { value: '2026-11-05' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(window.location.search).toBe('?from=2026-11-02&to=2026-11-05');
    await vi.waitFor(() => expect(reportCalls()).toHaveLength(asked + 1));
    expect(reportCalls().at(-1)).toEqual(periodInstants({ from: '2026-11-02', to: '2026-11-05' }));
  });

  it('reads the period from the URL (a reload, a shared link), and says what is wrong with a bad one', async () => {
    const first = renderReports('SUPERVISOR', '/reports?from=2026-11-02&to=2026-11-05');
    await screen.findByRole('table', { name: 'Channels' });
    expect(pressed('Custom')).toBe('true');
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2026-11-02');
    expect((screen.getByLabelText('To (included)') as HTMLInputElement).value).toBe('2026-11-05');
    expect(first.reportCalls()).toEqual([periodInstants({ from: '2026-11-02', to: '2026-11-05' })]);
  });

  it('does not ask for a period a hand-edited link got wrong', () => {
    const { reportCalls } = renderReports('SUPERVISOR', '/reports?from=2026-11-05&to=2026-11-02');
    expect(screen.getByRole('alert').textContent).toBe('The end day is before the start day.');
    expect(reportCalls()).toEqual([]);
  });

  it('downloads a table as CSV from a Blob, named after the table and the day', async () => {
    renderReports('SUPERVISOR', '/reports?from=2026-11-30&to=2026-11-30');
    await screen.findByRole('table', { name: 'Channels' });
    const blobs: Blob[] = [];
    // jsdom has no object URLs: record the Blob and hand back a stand-in.
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:report';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });

    fireEvent.click(screen.getByRole('button', { name: 'Download CSV of channels' }));
    expect(clicked.map((link) => [link.download, link.href])).toEqual([['switchboard-channels-2026-11-30.csv', 'blob:report']]);
    expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
    // The Blob holds the BOM's bytes; read back as UTF-8 with the BOM kept, it is the CSV itself.
    const bytes = await new Promise<ArrayBuffer>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.readAsArrayBuffer(blobs[0]!);
    });
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(channelsCsv(REPORT.channels));
  });

  it('says in words when nothing happened in the period, rather than a page of zeros alone', async () => {
    renderReports('SUPERVISOR', '/reports', { Report: () => ({ data: { report: buildReport({ total: buildFigures(), channels: [forum] }) } }) });
    expect((await screen.findByRole('status')).textContent).toContain('Nothing was answered, resolved or overdue in this period');
  });

  it('says so when the report cannot be loaded, and tries again on request', async () => {
    let fail = true;
    renderReports('ADMIN', '/reports', {
      Report: () => (fail ? { data: null, errors: [{ message: 'Something broke.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } : { data: { report: REPORT } }),
    });
    expect(await screen.findByRole('heading', { name: 'The report could not be loaded' })).toBeTruthy();
    expect(screen.getByText('Something broke.')).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Channels' })).toBeTruthy();
  });
});
