/**
 * The fan-out bench's knobs, read from the environment once. For quick runs:
 * FANOUT_SIZES=100,1000,5000  FANOUT_EVENTS=30  FANOUT_WORKERS=2.
 */
export const SIZES = listFromEnv('FANOUT_SIZES') ?? [100, 1000, 5000];
export const MAX_N = Math.max(...SIZES);
export const MEMORY_STEPS = [...new Set([0, ...[1000, 2500, 5000].filter((n) => n < MAX_N), MAX_N])].sort((a, b) => a - b);
export const EVENTS = Number(process.env.FANOUT_EVENTS ?? 30);
export const SPACING_MS = 200;
export const AGENTS = 10;
export const WORKERS = Number(process.env.FANOUT_WORKERS ?? 2);
export const OPEN_CONCURRENCY = 100; // per load process
export const SUBSCRIPTION = 'subscription { threadEvents(types: [CREATED]) { cursor at thread { id } } }';
export const RECEIVE = 'mutation Receive($i: InboundMessageInput!) { receiveMessage(input: $i) { thread { id } } }';

function listFromEnv(name: string): number[] | null {
  const raw = process.env[name]?.trim();
  if (!raw) return null;
  const list = raw.split(',').map((part) => Number(part.trim()));
  if (list.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`${name} must be a list of positive integers`);
  return list;
}
