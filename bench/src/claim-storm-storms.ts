import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { graphql, type GraphQLResponse } from './http-client.js';
import type { SeededAgent } from './setup.js';

/**
 * Claim storms as an agent feels them: a new thread arrives, N agents click Claim on it at the
 * same instant, each timed from that instant. Exactly one may win; the others must hear
 * THREAD_ALREADY_CLAIMED naming the winner.
 */

export const CLAIM = `mutation Claim($id: ID!) { claimThread(threadId: $id) { thread { id owner { id } } } }`;
const RECEIVE = 'mutation Receive($i: InboundMessageInput!) { receiveMessage(input: $i) { thread { id queue { id } } } }';
/** The floor beside each storm: the simplest request a signed-in agent can make (its token found, its budget spent). */
export const FLOOR = '{ me { id } }';
const RESOLVE = 'mutation Resolve($id: ID!) { setThreadStatus(threadId: $id, status: RESOLVED) { cursor } }';
/** Between the thread's arrival and the storm: its after-commit work (wake-up, fan-out) is done, as when a person sees it. */
const SETTLE_MS = 20;

export type ClaimData = { claimThread: { thread: { id: string; owner: { id: string } | null } } | null };

export interface StormOptions {
  storms: number;
  claimers: SeededAgent[];
  /** The queue the storm threads must land in (the claimers' queue). */
  queueId: string;
  adminToken: string;
}

export interface StormRun {
  storms: number;
  claimersPerStorm: number;
  winnerMs: number[];
  loserMs: number[];
  /** After each storm, the same agents send FLOOR at once: what any 50 simultaneous requests cost on this machine. */
  floorMs: number[];
  /** Storms without exactly one winner, 49 THREAD_ALREADY_CLAIMED naming it, its ownership and one CLAIMED event. */
  violations: number;
  firstViolations: string[];
  /** Different agents that won at least one storm (the firing order is shuffled every storm). */
  distinctWinners: number;
  /** Claims that had to open a new connection (0 unless the server closed an idle one). */
  freshConnections: number;
  /** The longest time from the first request's release to the last's (the client's own spread). */
  releaseSpreadMaxMs: number;
  seconds: number;
}

interface Answer {
  agent: SeededAgent;
  elapsedMs: number;
  reused: boolean;
  res?: GraphQLResponse<ClaimData>;
  error?: string;
}

/** One keep-alive connection per agent, opened before the storms: a click does not pay a handshake. */
class Claimer {
  readonly pool = new http.Agent({ keepAlive: true, maxSockets: 1 });
  constructor(readonly agent: SeededAgent) {}

  /** Builds the request now; Node writes it on the next tick, with every other request built in the same loop. */
  send(endpoint: URL, query: string, variables: Record<string, unknown>, token?: string): { sent: Promise<Answer>; setZero(t: number): void } {
    const body = JSON.stringify({ query, variables });
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (token) headers.authorization = `Bearer ${token}`;
    let zero = Number.NaN;
    const sent = new Promise<Answer>((resolve) => {
      const req = http.request(endpoint, { method: 'POST', agent: this.pool, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => resolve({ agent: this.agent, elapsedMs: performance.now() - zero, reused: req.reusedSocket, error: String(error) }));
        res.on('end', () => {
          const elapsedMs = performance.now() - zero;
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ agent: this.agent, elapsedMs, reused: req.reusedSocket, res: { status: res.statusCode ?? 0, ...(JSON.parse(text) as Omit<GraphQLResponse<ClaimData>, 'status'>) } });
          } catch {
            resolve({ agent: this.agent, elapsedMs, reused: req.reusedSocket, error: `HTTP ${res.statusCode}: ${text.slice(0, 200)}` });
          }
        });
      });
      req.on('error', (error) => resolve({ agent: this.agent, elapsedMs: performance.now() - zero, reused: req.reusedSocket, error: String(error) }));
      req.end(body);
    });
    return { sent, setZero: (t) => void (zero = t) };
  }

  close(): void {
    this.pool.destroy();
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runStorms(endpoint: URL, db: pg.Client, options: StormOptions, log: (line: string) => void): Promise<StormRun> {
  const began = performance.now();
  const claimers = options.claimers.map((agent) => new Claimer(agent));
  const run: StormRun = {
    storms: 0, claimersPerStorm: claimers.length, winnerMs: [], loserMs: [], floorMs: [], violations: 0, firstViolations: [],
    distinctWinners: 0, freshConnections: 0, releaseSpreadMaxMs: 0, seconds: 0,
  };
  const winners = new Set<string>();
  try {
    // Open every connection (no token: __typename needs none, and spends no one's request budget).
    await Promise.all(claimers.map((c) => {
      const { sent, setZero } = c.send(endpoint, '{ __typename }', {});
      setZero(performance.now());
      return sent;
    }));

    for (let storm = 1; storm <= options.storms; storm++) {
      const problems = await oneStorm(endpoint, db, options, shuffle([...claimers]), storm, run, winners);
      run.storms++;
      if (problems.length > 0) {
        run.violations++;
        if (run.firstViolations.length < 5) run.firstViolations.push(`storm ${storm}: ${problems.join('; ')}`);
      }
      if (storm % 50 === 0 || storm === options.storms) {
        log(`  storm ${String(storm).padStart(3)}: ${run.violations} storms without exactly one winner so far`);
      }
    }
  } finally {
    for (const c of claimers) c.close();
  }
  run.distinctWinners = winners.size;
  run.seconds = (performance.now() - began) / 1000;
  return run;
}

/** One new thread, every claimer at once; returns what was wrong with it (nothing, normally). */
async function oneStorm(
  endpoint: URL, db: pg.Client, options: StormOptions, order: Claimer[], storm: number, run: StormRun, winners: Set<string>,
): Promise<string[]> {
  const from = `+1559${String(storm).padStart(7, '0')}`;
  const received = await graphql<{ receiveMessage: { thread: { id: string; queue: { id: string } } } | null }>(endpoint, RECEIVE,
    { i: { channelKind: 'SMS', from, body: `claim storm ${storm}`, externalId: `claim-storm-${process.pid}-${storm}` } }, options.adminToken);
  const thread = received.data?.receiveMessage?.thread;
  if (!thread) throw new Error(`receiveMessage failed: ${JSON.stringify(received.errors ?? received)}`);
  if (thread.queue.id !== options.queueId) throw new Error(`the storm thread landed in queue ${thread.queue.id}, not the claimers' ${options.queueId}`);
  await sleep(SETTLE_MS);

  // The barrier: every request is built in this one synchronous loop and written on the next
  // tick, all together; each is timed from the release.
  const built = performance.now();
  const requests = order.map((c) => c.send(endpoint, CLAIM, { id: thread.id }, c.agent.token));
  const zero = performance.now();
  for (const r of requests) r.setZero(zero);
  run.releaseSpreadMaxMs = Math.max(run.releaseSpreadMaxMs, zero - built);
  const answers = await Promise.all(requests.map((r) => r.sent));

  const problems: string[] = [];
  const won: Answer[] = [];
  const lost: Answer[] = [];
  for (const answer of answers) {
    if (!answer.reused) run.freshConnections++;
    const code = answer.res?.errors?.[0]?.extensions?.code;
    if (answer.res?.data?.claimThread && !answer.res.errors?.length) won.push(answer);
    else if (code === 'THREAD_ALREADY_CLAIMED') lost.push(answer);
    else problems.push(`${answer.agent.id}: ${answer.error ?? JSON.stringify(answer.res?.errors ?? answer.res).slice(0, 200)}`);
  }
  const winner = won[0];
  if (won.length !== 1) problems.push(`${won.length} winners`);
  if (winner) {
    run.winnerMs.push(winner.elapsedMs);
    winners.add(winner.agent.id);
    const owner = winner.res?.data?.claimThread?.thread.owner?.id;
    if (owner !== winner.agent.id) problems.push(`the winner ${winner.agent.id} was shown owner ${owner ?? 'none'}`);
  }
  for (const loser of lost) {
    run.loserMs.push(loser.elapsedMs);
    const named = loser.res?.errors?.[0]?.extensions?.ownerId;
    if (winner && named !== winner.agent.id) problems.push(`a loser was told ${String(named)} won, not ${winner.agent.id}`);
  }

  // The database's word: the winner owns it, and it was claimed once.
  const { rows: [row] } = await db.query<{ owner_id: string | null; claims: number }>(
    `SELECT t.owner_id, (SELECT count(*)::int FROM event e WHERE e.thread_id = t.id AND e.type = 'CLAIMED') AS claims
       FROM thread t WHERE t.id = $1`, [thread.id]);
  if (row?.claims !== 1) problems.push(`${row?.claims ?? 0} CLAIMED events`);
  if (winner && row?.owner_id !== winner.agent.id) problems.push(`owner_id is ${row?.owner_id ?? 'null'}, not the winner ${winner.agent.id}`);

  // The winner resolves it: nobody's open threads pile up towards their capacity.
  if (winner) {
    const resolved = await graphql<{ setThreadStatus: { cursor: string } | null }>(endpoint, RESOLVE, { id: thread.id }, winner.agent.token);
    if (!resolved.data?.setThreadStatus) throw new Error(`resolving storm thread ${thread.id} failed: ${JSON.stringify(resolved.errors ?? resolved)}`);
  }

  // The floor, side by side with the storm: the same agents, the same release, no claim.
  await sleep(SETTLE_MS);
  const pings = order.map((c) => c.send(endpoint, FLOOR, {}, c.agent.token));
  const released = performance.now();
  for (const p of pings) p.setZero(released);
  for (const answer of await Promise.all(pings.map((p) => p.sent))) {
    if (answer.res?.data && !answer.res.errors?.length) run.floorMs.push(answer.elapsedMs);
    else problems.push(`${answer.agent.id}: ${FLOOR} failed: ${answer.error ?? JSON.stringify(answer.res?.errors ?? answer.res).slice(0, 200)}`);
  }
  return problems;
}
