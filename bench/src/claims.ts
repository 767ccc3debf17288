import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { graphql, type GraphQLResponse } from './http-client.js';
import type { SeededAgent } from './setup.js';

const CLAIM = `mutation Claim($id: ID!) { claimThread(threadId: $id) { cursor thread { id owner { id } } } }`;

type ClaimData = { claimThread: { cursor: string; thread: { id: string; owner: { id: string } | null } } | null };

export interface ClaimRaceOptions {
  rounds: number;
  attemptsPerClaimer: number;
}

export interface ClaimRaceResult {
  attempts: number;
  wallMs: number;
  wonMs: number[];
  lostMs: number[];
  otherMs: number[];
  /** Threads claimed twice in one round, by the log or by what the API told two agents. */
  doubleClaims: number;
  /** API winners that are not the thread's owner_id after the round. */
  ownerMismatches: number;
  unexpected: number;
  firstUnexpected: string[];
  /** CLAIMED events appended vs wins the API reported, summed over rounds (should match). */
  claimedEvents: number;
  wins: number;
}

/**
 * Every agent runs one sequential loop (one request in flight each, like a person clicking), all
 * loops at once, all aiming at random threads of the same queue: many collide, exactly one of
 * each collision may win. Ownership is reset between rounds so every round is a fresh race.
 */
export async function runClaimRace(
  endpoint: URL,
  db: pg.Client,
  agents: SeededAgent[],
  threadIds: string[],
  options: ClaimRaceOptions,
  onRound: (round: number, summary: string) => void,
): Promise<ClaimRaceResult> {
  const result: ClaimRaceResult = {
    attempts: 0, wallMs: 0, wonMs: [], lostMs: [], otherMs: [], doubleClaims: 0, ownerMismatches: 0,
    unexpected: 0, firstUnexpected: [], claimedEvents: 0, wins: 0,
  };
  const noteUnexpected = (what: string) => {
    result.unexpected++;
    if (result.firstUnexpected.length < 5) result.firstUnexpected.push(what);
  };

  for (let round = 1; round <= options.rounds; round++) {
    await db.query('UPDATE thread SET owner_id = NULL WHERE owner_id IS NOT NULL');
    const { rows: [mark] } = await db.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM event`);
    const eventMark = mark!.id;

    // thread id -> the agent the API said won it this round
    const winners = new Map<string, string>();
    let apiDoubles = 0;
    let roundWins = 0;
    let roundLosses = 0;

    const claimer = async (agent: SeededAgent) => {
      // An agent does not re-claim a thread it already holds (that is a successful no-op).
      const mine = new Set<string>();
      for (let i = 0; i < options.attemptsPerClaimer; i++) {
        let threadId: string;
        do threadId = threadIds[Math.floor(Math.random() * threadIds.length)]!;
        while (mine.has(threadId));

        const started = performance.now();
        let res: GraphQLResponse<ClaimData>;
        try {
          res = await graphql<ClaimData>(endpoint, CLAIM, { id: threadId }, agent.token);
        } catch (error) {
          result.otherMs.push(performance.now() - started);
          noteUnexpected(`transport: ${String(error)}`);
          continue;
        }
        const elapsed = performance.now() - started;
        result.attempts++;

        const claimed = res.data?.claimThread;
        const code = res.errors?.[0]?.extensions?.code;
        if (claimed && !res.errors?.length) {
          result.wonMs.push(elapsed);
          roundWins++;
          mine.add(threadId);
          if (claimed.thread.owner?.id !== agent.id) {
            noteUnexpected(`a win on ${threadId} shows owner ${claimed.thread.owner?.id ?? 'none'}, not ${agent.id}`);
          }
          const earlier = winners.get(threadId);
          if (earlier !== undefined && earlier !== agent.id) apiDoubles++;
          else winners.set(threadId, agent.id);
        } else if (code === 'THREAD_ALREADY_CLAIMED') {
          result.lostMs.push(elapsed);
          roundLosses++;
        } else {
          result.otherMs.push(elapsed);
          noteUnexpected(`HTTP ${res.status}: ${JSON.stringify(res.errors ?? res.data).slice(0, 300)}`);
        }
      }
    };

    const started = performance.now();
    await Promise.all(agents.map(claimer));
    result.wallMs += performance.now() - started;

    // The database's word: one CLAIMED event per thread per round, and the owner is the winner.
    const { rows: twice } = await db.query(
      `SELECT thread_id FROM event WHERE type = 'CLAIMED' AND id > $1 GROUP BY thread_id HAVING count(*) > 1`,
      [eventMark],
    );
    const { rows: [counted] } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM event WHERE type = 'CLAIMED' AND id > $1`, [eventMark]);
    const { rows: mismatched } = await db.query(
      `SELECT w.thread_id FROM unnest($1::text[], $2::text[]) AS w(thread_id, agent_id)
         LEFT JOIN thread t ON t.id = w.thread_id
        WHERE t.owner_id IS DISTINCT FROM w.agent_id`,
      [[...winners.keys()], [...winners.values()]],
    );
    const doubles = twice.length + apiDoubles;
    result.doubleClaims += doubles;
    result.ownerMismatches += mismatched.length;
    result.claimedEvents += counted!.n;
    result.wins += roundWins;
    onRound(round, `${roundWins} won, ${roundLosses} lost, ${counted!.n} CLAIMED events, ` +
      `${doubles} double claims, ${mismatched.length} owner mismatches`);
  }
  return result;
}

export interface SoloResult {
  wonMs: number[];
  lostMs: number[];
}

/**
 * The same mutations with no concurrency at all: one agent claims `count` free threads one
 * after another, then a second agent tries the same threads and loses each. The gap between
 * these and the race's figures is time spent queueing, not working.
 */
export async function measureSolo(
  endpoint: URL,
  db: pg.Client,
  [first, second]: [SeededAgent, SeededAgent],
  threadIds: string[],
  count: number,
): Promise<SoloResult> {
  await db.query('UPDATE thread SET owner_id = NULL WHERE owner_id IS NOT NULL');
  const targets = threadIds.slice(0, count);
  const attempt = async (agent: SeededAgent, threadId: string) => {
    const started = performance.now();
    const res = await graphql<ClaimData>(endpoint, CLAIM, { id: threadId }, agent.token);
    return { elapsed: performance.now() - started, res };
  };
  const result: SoloResult = { wonMs: [], lostMs: [] };
  for (const threadId of targets) {
    const { elapsed, res } = await attempt(first, threadId);
    if (!res.data?.claimThread) throw new Error(`solo claim of ${threadId} failed: ${JSON.stringify(res.errors)}`);
    result.wonMs.push(elapsed);
  }
  for (const threadId of targets) {
    const { elapsed, res } = await attempt(second, threadId);
    if (res.errors?.[0]?.extensions?.code !== 'THREAD_ALREADY_CLAIMED') {
      throw new Error(`solo losing claim of ${threadId} did not lose: ${JSON.stringify(res)}`);
    }
    result.lostMs.push(elapsed);
  }
  return result;
}
