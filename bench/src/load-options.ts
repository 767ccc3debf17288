/**
 * The load bench's knobs (`load.ts`), read from the environment once. `--quick` (or LOAD_QUICK=1)
 * shortens every duration; an explicit variable still wins over the quick default.
 */
export const QUICK = process.argv.includes('--quick') || process.env.LOAD_QUICK === '1';

const quick = <T>(full: T, short: T): T => (QUICK ? short : full);

export const PHASES = new Set(list('LOAD_PHASES', (s) => s) ?? ['sustained', 'ramp', 'failover', 'outage']);
/** Consoles of the sustained run, the rate ramp, the failover and the outage. */
export const CONSOLES = int('LOAD_CONSOLES', 150);
/** Messages per second of the sustained run, the console ramp and the failover. */
export const RATE = int('LOAD_RATE', 100);
export const SUSTAINED_SECONDS = int('LOAD_SECONDS', quick(60, 10));
export const RAMP_RATES = list('LOAD_RAMP_RATES', Number) ?? [50, 100, 200, 300, 500];
export const RAMP_CONSOLES = list('LOAD_RAMP_CONSOLES', Number) ?? quick([150, 300, 600, 1200, 2400], [150, 300, 600]);
/** Messages per second of the console ramp. */
export const RAMP_CONSOLE_RATE = int('LOAD_RAMP_CONSOLE_RATE', RATE);
export const STEP_SECONDS = int('LOAD_STEP_SECONDS', quick(10, 4));
/** How long customers keep writing after replica A is killed. */
export const FAILOVER_SECONDS = int('LOAD_FAILOVER_SECONDS', quick(10, 6));
/**
 * How long a console waits before it reconnects after A dies (+0–25 % jitter): a load balancer's
 * failure detection; at 100 msg/s it makes each console miss about 200 events.
 */
export const FAILOVER_GAP_MS = int('LOAD_FAILOVER_GAP_MS', 2000);
export const OUTAGE_SECONDS = int('LOAD_OUTAGE_SECONDS', quick(40, 5));
/** Messages per second during the outage run (spread over both replicas). */
export const OUTAGE_RATE = int('LOAD_OUTAGE_RATE', 20);
/** Load processes holding the consoles; one more process writes as the customers. */
export const WORKERS = int('LOAD_WORKERS', 2);
/** Signed-in AGENT members of General; the AGENT half of the consoles is spread over them. */
export const AGENTS = int('LOAD_AGENTS', 25);
/** Customers with an open thread: most messages go to them (one MESSAGE_RECEIVED event). */
export const CUSTOMERS = int('LOAD_CUSTOMERS', 1000);
/** Share of messages from a new number (a new thread: CREATED + MESSAGE_RECEIVED in one commit). */
export const NEW_SHARE = Number(process.env.LOAD_NEW_SHARE ?? 0.1);
export const GOAL_P99_MS = 100;
export const GOAL_P50_MS = 25;
export const GOAL_CATCH_UP_MS = 1000;
export const GOAL_INGEST_RATE = 500;
/** Requests in flight at once before the writer counts further sends as dropped (a bound, not a pool). */
export const MAX_IN_FLIGHT = 4000;

/** The console's queue row, plus `at` (the reference of the latency, see docs/benchmarks.md). */
export const QUEUE_SUBSCRIPTION = `subscription LoadQueue($after: String) {
  threadEvents(after: $after) {
    cursor type at threadVersion
    thread { id status priority waitingSince responseDueAt owner { id name } customer { name } lastMessage { body } }
  }
}`;
export const RECEIVE = 'mutation Receive($i: InboundMessageInput!) { receiveMessage(input: $i) { thread { id } } }';

function int(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function list<T>(name: string, parse: (part: string) => T): T[] | null {
  const raw = process.env[name]?.trim();
  if (!raw) return null;
  const values = raw.split(',').map((part) => parse(part.trim()));
  if (values.some((v) => typeof v === 'number' && (!Number.isFinite(v) || v <= 0))) throw new Error(`${name} must be a list of positive numbers`);
  return values;
}
