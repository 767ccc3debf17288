import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelKind as Kind } from '@switchboard/schema';
import { REPO_ROOT } from '../support/built-server.js';
import { createE2eWorld, screenshotPath, type Agent } from '../support/e2e-world.js';

// Reports and the board's chart in real Chromium against the built server and a real PostgreSQL.
// The server takes a board snapshot every second, so the chart has history within the test.
// Reports count every channel and agent of the database: the figures test runs first and is the
// only one that answers anything; the chart tests use the Forum channel, which it leaves alone.
const TEST_TIMEOUT_MS = 90_000;
/** Generous: pushes follow changes within 250 ms and snapshots come every second, but CI machines stall. */
const LIVE_MS = 15_000;
const DOWNLOADS = path.join(REPO_ROOT, 'test-results/downloads');
fs.mkdirSync(DOWNLOADS, { recursive: true });

/**
 * The browser's time zone: one where it is about noon now, so "today" cannot end between the
 * activity the test scripts and the report that counts it.
 */
const OFFSET_HOURS = 12 - new Date().getUTCHours();
const TIMEZONE = `Etc/GMT${OFFSET_HOURS > 0 ? '-' : '+'}${Math.abs(OFFSET_HOURS)}`;
const localDay = (daysAgo = 0) => new Date(Date.now() + OFFSET_HOURS * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);

const world = createE2eWorld({ database: 'reports', serverEnv: { SWITCHBOARD_BOARD_SNAPSHOT_SECONDS: '1' }, context: { timezoneId: TIMEZONE, acceptDownloads: true } });
const { api, channelId, queueFor, createAgent, claimAs, signIn } = world;

/** A customer writes in on `kind`, `receivedAgoMs` ago; the thread it opened. */
const ingest = (kind: Kind, body: string, receivedAgoMs = 0) => world.ingest({ channelKind: kind, body, receivedAgoMs, fromName: `Customer ${world.unique()}` });

/** A wait that `agent` answers `agoSeconds` after the customer wrote; resolved too if asked. */
async function answer(agent: Agent, kind: Kind, agoSeconds: number, resolve: boolean): Promise<void> {
  const threadId = await ingest(kind, 'Hello, anyone there?', agoSeconds * 1000);
  await claimAs(agent, threadId);
  await api('mutation($t: ID!, $b: String!) { reply(threadId: $t, body: $b) { cursor } }', { t: threadId, b: 'Here to help.' }, agent.token);
  if (resolve) await api('mutation($t: ID!) { setThreadStatus(threadId: $t, status: RESOLVED) { cursor } }', { t: threadId }, agent.token);
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Pages' });
const figure = (scope: Locator, name: string) => scope.locator(`[data-figure="${name}"]`);
const text = (locator: Locator) => () => locator.textContent();
const agentRow = (page: Page, agent: Agent) => page.getByRole('table', { name: 'Agents' }).locator(`tr[data-agent-id="${agent.id}"]`);
const channelRow = (page: Page, kind: Kind) => page.getByRole('table', { name: 'Channels' }).locator(`tr[data-channel-id="${channelId(kind)}"]`);

beforeAll(() => world.start(), 120_000);
afterEach(() => world.closeContexts());
afterAll(() => world.close());

describe('reports', () => {
  it('shows the figures of the activity scripted today, other periods, and a CSV of them (screenshot)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const queueId = await queueFor('Front desk', ['SMS', 'CHAT', 'EMAIL']);
    const dana = await createAgent('Dana Whitfield', queueId, 'SUPERVISOR');
    const ada = await createAgent('Ada Lovelace', queueId);
    const ben = await createAgent('Ben Okafor', queueId);
    const chen = await createAgent('Chen "CJ" Wei', queueId);
    // Targets: SMS 5 min, Web chat 2 min, E-mail 4 h. Response times, each far from its target:
    // 30 40 50 90 150 200 420 1200 3000 s, so the median is 150 s and the p90 3000 s (nearest rank).
    await answer(ada, 'SMS', 40, true);
    await answer(ben, 'SMS', 90, true);
    await answer(ada, 'SMS', 150, true);
    await answer(ada, 'SMS', 420, false); // late
    await answer(ben, 'CHAT', 30, true);
    await answer(chen, 'CHAT', 50, true);
    await answer(ben, 'CHAT', 200, false); // late
    await answer(chen, 'EMAIL', 1200, false);
    await answer(ada, 'EMAIL', 3000, true);

    const page = await signIn(dana, { viewport: { width: 1440, height: 1300 } });
    await nav(page).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('table', { name: 'Channels' }).waitFor({ timeout: LIVE_MS });
    expect(new URL(page.url()).pathname).toBe('/reports');
    expect(await nav(page).getByRole('link', { name: 'Reports' }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('button', { name: 'Today' }).getAttribute('aria-pressed')).toBe('true');

    const summary = page.getByRole('region', { name: 'Reports' }).locator('dl[aria-label="Totals"]');
    expect(await figure(summary, 'total-answered').locator('dd').textContent()).toBe('9');
    expect(await figure(summary, 'total-in-target').locator('dd').textContent()).toBe('7');
    expect(await figure(summary, 'total-service-level').locator('dd').textContent()).toBe('78%');
    expect(await figure(summary, 'total-median').locator('dd').textContent()).toMatch(/^2 min 3\d s$/);
    expect(await figure(summary, 'total-p90').locator('dd').textContent()).toMatch(/^50 min( \d s)?$/);
    expect(await figure(summary, 'total-breached').locator('dd').textContent()).toBe('2');
    expect(await figure(summary, 'total-resolved').locator('dd').textContent()).toBe('6');
    expect(await page.getByText('Periods over a day').count()).toBe(0);

    expect(await figure(channelRow(page, 'SMS'), 'answered').textContent()).toBe('4');
    expect(await figure(channelRow(page, 'SMS'), 'service-level').textContent()).toBe('75%');
    expect(await figure(channelRow(page, 'CHAT'), 'service-level').textContent()).toBe('67%');
    expect(await figure(channelRow(page, 'EMAIL'), 'service-level').textContent()).toBe('100%');
    expect(await figure(channelRow(page, 'FORUM'), 'service-level').textContent()).toBe('—');

    // Agents, most answered first.
    const agentNames = await page.getByRole('table', { name: 'Agents' }).locator('tbody th').allTextContents();
    expect(agentNames.slice(0, 3)).toEqual(['Ada Lovelace', 'Ben Okafor', 'Chen "CJ" Wei']);
    const adaRow = agentRow(page, ada);
    expect(await figure(adaRow, 'answered').textContent()).toBe('4');
    expect(await figure(adaRow, 'in-target').textContent()).toBe('3');
    expect(await figure(adaRow, 'breached').textContent()).toBe('1');
    expect(await figure(adaRow, 'first-responses').textContent()).toBe('4');
    expect(await figure(agentRow(page, dana), 'answered').textContent()).toBe('0');
    await page.screenshot({ path: screenshotPath('reports.png'), fullPage: true });

    // The agents' CSV: raw figures, seconds as integers, the service level as 0..1, quotes doubled.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV of agents' }).click()]);
    expect(download.suggestedFilename()).toBe(`switchboard-agents-${localDay()}.csv`);
    const file = path.join(DOWNLOADS, download.suggestedFilename());
    await download.saveAs(file);
    const lines = fs.readFileSync(file, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFAgent,Answered,Answered in target,Service level (0-1),Median response (seconds),p90 response (seconds),Breached,Resolved,First responses');
    expect(lines[1]).toMatch(/^Ada Lovelace,4,3,0\.75,15[01],300[01],1,3,4$/);
    expect(lines[2]).toMatch(/^Ben Okafor,3,2,0\.6667,9[01],20[01],1,2,3$/);
    expect(lines[3]).toMatch(/^"Chen ""CJ"" Wei",2,2,1,5[01],120[01],0,1,2$/);
    expect(lines.at(-1)).toBe('');

    // Last 7 days: the same waits; over a day, the percentiles come from buckets (to the minute here).
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.waitForURL(`**/reports?from=${localDay(6)}&to=${localDay()}`);
    await page.getByText('Periods over a day: counts are exact').waitFor({ timeout: LIVE_MS });
    await expect.poll(text(figure(summary, 'total-median').locator('dd')), { timeout: LIVE_MS }).toBe('2 min');
    expect(await figure(summary, 'total-answered').locator('dd').textContent()).toBe('9');
    expect(await figure(summary, 'total-p90').locator('dd').textContent()).toBe('50 min');

    // Custom: yesterday alone had nothing; the link survives a reload.
    await page.getByRole('button', { name: 'Custom' }).click();
    await page.getByLabel('From').fill(localDay(1));
    await page.getByLabel('To (included)').fill(localDay(1));
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.waitForURL(`**/reports?from=${localDay(1)}&to=${localDay(1)}`);
    await expect.poll(text(figure(summary, 'total-answered').locator('dd')), { timeout: LIVE_MS }).toBe('0');
    expect(await figure(summary, 'total-service-level').locator('dd').textContent()).toBe('—');
    await page.reload();
    await expect.poll(text(figure(summary, 'total-answered').locator('dd')), { timeout: LIVE_MS }).toBe('0');
    expect(await page.getByLabel('From').inputValue()).toBe(localDay(1));
    expect(await page.getByRole('button', { name: 'Custom' }).getAttribute('aria-pressed')).toBe('true');

    // An end before the start is refused where it was typed, and the report stays as it was.
    await page.getByLabel('From').fill(localDay());
    await page.getByRole('button', { name: 'Show report' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('The end day is before the start day.');
    expect(new URL(page.url()).search).toBe(`?from=${localDay(1)}&to=${localDay(1)}`);

    // Back to today from the history: the figures of today again.
    await page.goBack();
    await page.waitForURL(`**/reports?from=${localDay(6)}&to=${localDay()}`);
    await expect.poll(text(figure(summary, 'total-answered').locator('dd')), { timeout: LIVE_MS }).toBe('9');
  });

  it('tells an agent who opens /reports that reports are for supervisors and admins', { timeout: TEST_TIMEOUT_MS }, async () => {
    const queueId = await queueFor('Agents only', []);
    const agent = await createAgent('Eve Agent', queueId);
    const page = await signIn(agent);
    expect(await nav(page).count()).toBe(0);
    await page.goto(`${world.server.url}/reports`);
    await page.getByRole('heading', { name: 'Reports are for supervisors and admins.' }).waitFor({ timeout: LIVE_MS });
    await page.getByText('Ask an admin for access.').waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    await page.getByRole('link', { name: 'Back to the queue' }).click();
    expect(new URL(page.url()).pathname).toBe('/');
  });
});

/** The chart's table, the text alternative to its canvas (visually hidden, so waited for as attached). */
async function openChart(page: Page): Promise<{ chart: Locator; table: Locator }> {
  await nav(page).getByRole('link', { name: 'Board' }).click();
  const chart = page.getByRole('region', { name: /^Waiting per channel/ });
  const table = chart.getByRole('table', { name: /^Waiting customers per channel/ });
  await table.waitFor({ state: 'attached', timeout: LIVE_MS });
  return { chart, table };
}

const chartRow = (table: Locator, kind: Kind) => table.locator(`tr[data-channel-id="${channelId(kind)}"]`);

/**
 * Three hours of board snapshots for the picture, a minute apart, up to two minutes ago (the
 * server's own, every second, follow). Written straight to the table: the test cannot wait hours.
 * Each channel's curve ends at `end`, the waits the test leaves open, so the lines meet the live data.
 */
async function seedSnapshots(end: Partial<Record<Kind, number>>): Promise<void> {
  const client = new pg.Client({ connectionString: world.databaseUrl });
  await client.connect();
  const minutes = 178;
  const wave: Record<Kind, (i: number) => number> = {
    SMS: (i) => 3 + 3 * Math.sin(i / 22) + (i > 100 && i < 130 ? 3 : 0),
    CHAT: (i) => 1 + 5 * Math.exp(-((i - 150) ** 2) / 180),
    EMAIL: (i) => 1 + (i / minutes) * 3,
    TWITTER: (i) => (i % 47 < 9 ? 1 : 0),
    FACEBOOK: () => 0,
    VOICE: (i) => (i > 60 && i < 95 ? 1 : 0),
    FORUM: () => 0,
  };
  // Breaches: SMS twice (one answered late in between), Web chat once at its peak.
  const breached: Record<Kind, (i: number) => number> = {
    SMS: (i) => (i >= 38 && i < 52 ? 1 : i >= 112 && i < 140 ? 2 : 0),
    CHAT: (i) => (i >= 146 && i < 160 ? 1 : 0),
    EMAIL: () => 0,
    TWITTER: () => 0,
    FACEBOOK: () => 0,
    VOICE: () => 0,
    FORUM: () => 0,
  };
  const start = Math.floor(Date.now() / 60_000) * 60_000 - (minutes + 2) * 60_000;
  try {
    for (const [k, id] of world.channelIds) {
      const taper = (i: number) => Math.max(0, (i - (minutes - 15)) / 15);
      for (let i = 0; i < minutes; i++) {
        const waiting = Math.max(0, Math.round(wave[k](i) * (1 - taper(i)) + (end[k] ?? 0) * taper(i)));
        await client.query(
          'INSERT INTO board_snapshot (interval_start, at, channel_id, waiting_count, longest_wait_seconds, breached_count) VALUES ($1, $1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
          [new Date(start + i * 60_000), id, waiting, waiting > 0 ? 60 + i * 5 : null, Math.min(waiting, breached[k](i))],
        );
      }
    }
  } finally {
    await client.end();
  }
}

describe("the board's chart", () => {
  it('draws the history, then a live point when a customer writes, and a ▲ where the wait breaches', { timeout: TEST_TIMEOUT_MS }, async () => {
    const queueId = await queueFor('Forum desk', ['FORUM']);
    const dana = await createAgent('Dana Supervisor', queueId, 'SUPERVISOR');
    await api('mutation($c: ID!) { setChannelTarget(channelId: $c, responseTargetSeconds: 2) { id } }', { c: channelId('FORUM') });
    const page = await signIn(dana);
    const { chart, table } = await openChart(page);
    // A snapshot a second since the server started: history enough for a line already.
    await expect.poll(async () => Number(await table.getAttribute('data-points')), { timeout: LIVE_MS }).toBeGreaterThan(2);
    expect(await chart.getByRole('button', { name: '3 h' }).getAttribute('aria-pressed')).toBe('true');
    await chart.locator('canvas').first().waitFor({ timeout: LIVE_MS });
    const forum = chartRow(table, 'FORUM');
    expect(await figure(forum, 'chart-waiting').textContent()).toBe('0');
    expect(await figure(forum, 'chart-breaches').textContent()).toBe('0');
    await page.evaluate(() => ((window as unknown as { chartPage: string }).chartPage = 'not reloaded'));

    // History is read once: a 1 here can only come from a boardUpdated push.
    await ingest('FORUM', 'Nobody answers in the forum');
    await expect.poll(text(figure(forum, 'chart-waiting')), { timeout: LIVE_MS }).toBe('1');
    // Two seconds later the breach timer says so: the count rose, a marker is drawn and named.
    await expect.poll(text(figure(forum, 'chart-breaches')), { timeout: LIVE_MS }).toBe('1');
    await chart.getByRole('list', { name: 'Legend' }).locator(`li[data-channel-id="${channelId('FORUM')}"]`).getByText('▲ 1 went overdue in this span').waitFor({ timeout: LIVE_MS });
    expect(await page.evaluate(() => (window as unknown as { chartPage?: string }).chartPage)).toBe('not reloaded');

    // Another span re-reads the history: the breach is in the snapshots too.
    await chart.getByRole('button', { name: '1 h' }).click();
    await chart.getByRole('table', { name: /^Waiting customers per channel, last hour/ }).waitFor({ state: 'attached', timeout: LIVE_MS });
    await expect.poll(text(figure(forum, 'chart-breaches')), { timeout: LIVE_MS }).toBe('1');
    expect(await figure(forum, 'chart-waiting').textContent()).toBe('1');
  });

  it('reads at a glance over three hours: lines told apart by dash and shape, breaches marked (screenshot)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const queueId = await queueFor('Chart desk', ['SMS', 'CHAT', 'EMAIL']);
    const dana = await createAgent('Dana Whitfield', queueId, 'SUPERVISOR');
    const open: Array<[Kind, number]> = [['SMS', 3], ['CHAT', 2], ['EMAIL', 4]];
    for (const [kind, count] of open) for (let i = 0; i < count; i++) await ingest(kind, 'Still waiting', 30_000);
    await seedSnapshots(Object.fromEntries([...open, ['FORUM', 1]]));

    const page = await signIn(dana, { viewport: { width: 1600, height: 1400 } });
    const { chart, table } = await openChart(page);
    await expect.poll(async () => Number(await table.getAttribute('data-points')), { timeout: LIVE_MS }).toBeGreaterThan(150);
    await expect.poll(text(figure(chartRow(table, 'SMS'), 'chart-waiting')), { timeout: LIVE_MS }).toBe('3');
    expect(Number(await figure(chartRow(table, 'SMS'), 'chart-breaches').textContent())).toBeGreaterThan(0);
    await chart.locator('canvas').first().waitFor({ timeout: LIVE_MS });
    await chart.screenshot({ path: screenshotPath('board-chart.png') });
  });
});
