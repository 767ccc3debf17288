import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, startService } from './setup.js';

// The benchmark's peer: PostGraphile 4 serving the same database, and the two equivalent queries.

/**
 * The one flag beyond the defaults: without it PostGraphile writes a line per request to stdout,
 * which Switchboard (LOG_LEVEL=warn) does not; that is logging cost, not query cost.
 */
export const POSTGRAPHILE_FLAGS = ['--disable-query-log'];

export interface Peer {
  endpoint: URL;
  pid: number;
  version: string;
  stop(): Promise<void>;
}

/** `postgraphile -c <url> -s public` on a free port, as its CLI ships (the bench package's devDependency). */
export async function startPostGraphile(databaseUrl: string): Promise<Peer> {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('postgraphile/package.json');
  const { version, bin } = require(manifest) as { version: string; bin: { postgraphile: string } };
  const port = await freePort();
  const endpoint = new URL(`http://127.0.0.1:${port}/graphql`);
  const { pid, stop } = await startService('postgraphile', [path.join(path.dirname(manifest), bin.postgraphile),
    '-c', databaseUrl, '-s', 'public', '-n', '127.0.0.1', '-p', String(port), ...POSTGRAPHILE_FLAGS], {
    output: 'keep',
    graceMs: 10_000,
    ready: () => fetch(endpoint, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(2000),
    }).then((res) => res.ok, () => false),
  });
  return { endpoint, pid, version, stop };
}

/** Ours: the queue's listing with the fields the comparison reads, nothing more. */
export const OUR_QUERY = `query Listing {
  threads(filter: { waiting: true }, orderBy: LONGEST_WAITING, first: 50) {
    edges { node { id customer { name } channel { kind name } owner { name } waitingSince lastMessage { body } } }
  }
}`;

/**
 * PostGraphile's equivalent. Its default schema has no "IS NOT NULL" condition (`condition` is
 * equality only), but `WAITING_SINCE_ASC` sorts NULLs last (PostgreSQL's default for ASC), so with
 * at least 50 waiting threads the first 50 rows are exactly ours: the waiting threads, oldest
 * wait first, ties by id. `compareRows` asserts it on every run.
 */
export const PEER_QUERY = `query Listing {
  allThreads(orderBy: [WAITING_SINCE_ASC, ID_ASC], first: 50) {
    nodes {
      id customerByCustomerId { name } channelByChannelId { kind name } agentByOwnerId { name } waitingSince
      messagesByThreadId(orderBy: SEQ_DESC, first: 1) { nodes { body } }
    }
  }
}`;

export interface ListingRow {
  id: string;
  customer: string;
  channel: string;
  owner: string | null;
  /** Epoch ms; the raw strings differ in format (ISO "Z" vs "+00:00"), not in value. */
  waitingSince: number | null;
  lastMessage: string | null;
}

const when = (value: string | null | undefined) => (value == null ? null : new Date(value).getTime());

interface OurBody {
  data?: { threads: { edges: Array<{ node: { id: string; customer: { name: string }; channel: { kind: string; name: string };
    owner: { name: string } | null; waitingSince: string | null; lastMessage: { body: string } | null } }> } };
}

interface PeerBody {
  data?: { allThreads: { nodes: Array<{ id: string; customerByCustomerId: { name: string }; channelByChannelId: { kind: string; name: string };
    agentByOwnerId: { name: string } | null; waitingSince: string | null; messagesByThreadId: { nodes: Array<{ body: string }> } }> } };
}

export function ourRows(text: string): ListingRow[] {
  const body = JSON.parse(text) as OurBody;
  if (!body.data) throw new Error(`our listing failed: ${text.slice(0, 400)}`);
  return body.data.threads.edges.map(({ node }) => ({
    id: node.id, customer: node.customer.name, channel: `${node.channel.kind} ${node.channel.name}`, owner: node.owner?.name ?? null,
    waitingSince: when(node.waitingSince), lastMessage: node.lastMessage?.body ?? null,
  }));
}

export function peerRows(text: string): ListingRow[] {
  const body = JSON.parse(text) as PeerBody;
  if (!body.data) throw new Error(`PostGraphile's listing failed: ${text.slice(0, 400)}`);
  return body.data.allThreads.nodes.map((node) => ({
    id: node.id, customer: node.customerByCustomerId.name, channel: `${node.channelByChannelId.kind} ${node.channelByChannelId.name}`,
    owner: node.agentByOwnerId?.name ?? null, waitingSince: when(node.waitingSince), lastMessage: node.messagesByThreadId.nodes[0]?.body ?? null,
  }));
}

/** Throws unless both lists are the same 50 rows in the same order, field by field. */
export function compareRows(ours: ListingRow[], peer: ListingRow[], expected: number): void {
  if (ours.length !== expected || peer.length !== expected) {
    throw new Error(`rows differ: ours returned ${ours.length}, PostGraphile ${peer.length}, expected ${expected}`);
  }
  for (let i = 0; i < expected; i++) {
    const a = JSON.stringify(ours[i]);
    const b = JSON.stringify(peer[i]);
    if (a !== b) throw new Error(`rows differ at ${i}:\n  ours:        ${a}\n  PostGraphile: ${b}`);
  }
  if (ours.some((row) => row.waitingSince === null)) throw new Error('a listed thread does not wait');
}
