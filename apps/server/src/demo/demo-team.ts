/**
 * The demo contact center `pnpm start` seeds on a fresh data folder (demo-seed.ts): who works
 * there, where each channel's threads go and how soon each promises an answer, and who writes in.
 * The one list the seed, the simulator, the bots, the start banner and the README follow.
 */

/** Every demo login's password (published: `pnpm start` listens on 127.0.0.1 only). */
export const DEMO_PASSWORD = 'switchboard';

export type DemoRole = 'AGENT' | 'SUPERVISOR' | 'ADMIN';
export type DemoKind = 'SMS' | 'EMAIL' | 'CHAT' | 'TWITTER' | 'FACEBOOK' | 'VOICE' | 'FORUM';

export interface DemoAgent {
  name: string;
  email: string;
  role: DemoRole;
  queues: readonly string[];
  capacity: number;
  /**
   * A simulated agent and how fast it works (1 = an average person, 2 = twice as fast); null for
   * logins left to people, so a person signing in never fights a bot for the same seat.
   */
  bot: { pace: number } | null;
}

export const DEMO_QUEUES = ['General', 'Billing', 'Social'] as const;

/** The admin is the server's own (SWITCHBOARD_ADMIN_EMAIL, admin@example.com in `pnpm start`). */
export const DEMO_AGENTS: readonly DemoAgent[] = [
  { name: 'Dana Whitfield', email: 'supervisor@example.com', role: 'SUPERVISOR', queues: ['General', 'Billing', 'Social'], capacity: 5, bot: null },
  { name: 'Alex Morgan', email: 'agent@example.com', role: 'AGENT', queues: ['General', 'Billing'], capacity: 5, bot: null },
  { name: 'Priya Raman', email: 'priya@example.com', role: 'AGENT', queues: ['General', 'Billing'], capacity: 4, bot: { pace: 1.6 } },
  { name: 'Marcus Chen', email: 'marcus@example.com', role: 'AGENT', queues: ['General'], capacity: 3, bot: { pace: 1 } },
  { name: 'Sofia Alvarez', email: 'sofia@example.com', role: 'AGENT', queues: ['General', 'Social'], capacity: 4, bot: { pace: 1.3 } },
  { name: 'Tom Becker', email: 'tom@example.com', role: 'AGENT', queues: ['Billing'], capacity: 3, bot: { pace: 0.7 } },
  { name: 'Amara Okafor', email: 'amara@example.com', role: 'AGENT', queues: ['Social', 'General'], capacity: 4, bot: { pace: 1.1 } },
  { name: 'Lena Novak', email: 'lena@example.com', role: 'AGENT', queues: ['Billing', 'General'], capacity: 3, bot: { pace: 0.8 } },
  { name: 'Jamal Carter', email: 'jamal@example.com', role: 'AGENT', queues: ['General', 'Social'], capacity: 3, bot: { pace: 0.6 } },
];

/** Response targets that differ by channel, and the queue each channel's new threads join. */
export const DEMO_CHANNELS: Readonly<Record<DemoKind, { targetSeconds: number; queue: (typeof DEMO_QUEUES)[number] }>> = {
  SMS: { targetSeconds: 5 * 60, queue: 'General' },
  CHAT: { targetSeconds: 2 * 60, queue: 'General' },
  EMAIL: { targetSeconds: 4 * 3600, queue: 'Billing' },
  VOICE: { targetSeconds: 3600, queue: 'General' },
  TWITTER: { targetSeconds: 3600, queue: 'Social' },
  FACEBOOK: { targetSeconds: 3600, queue: 'Social' },
  FORUM: { targetSeconds: 4 * 3600, queue: 'Social' },
};

/** Where new conversations start, by default: mostly SMS and e-mail, some social, a few voice-mails and forum posts (SWITCHBOARD_DEMO_MIX changes it). */
export const DEMO_MIX: Readonly<Record<DemoKind, number>> = { SMS: 30, EMAIL: 20, CHAT: 13, TWITTER: 14, FACEBOOK: 6, VOICE: 7, FORUM: 10 };

export interface DemoCustomer {
  name: string;
  sms: string;
  email: string;
  twitter: string;
}

const FIRST = ['Grace', 'Alan', 'Ada', 'Katherine', 'Margaret', 'Linus', 'Barbara', 'Dennis', 'Frances', 'Tim', 'Radia', 'Ken',
  'Hedy', 'John', 'Shafi', 'Edsger', 'Anita', 'Donald', 'Karen', 'Guido', 'Joan', 'Vint', 'Adele', 'Bjarne', 'Mary', 'Niklaus',
  'Sophie', 'Leslie', 'Jean', 'Whitfield'];
const LAST = ['Hopper', 'Turing', 'Lovelace', 'Johnson', 'Hamilton', 'Torvalds', 'Liskov', 'Ritchie', 'Allen', 'Berners-Lee',
  'Perlman', 'Thompson', 'Lamarr', 'McCarthy', 'Goldwasser', 'Dijkstra', 'Borg', 'Knuth', 'Jones', 'van Rossum', 'Clarke', 'Cerf',
  'Goldberg', 'Stroustrup', 'Keller', 'Wirth', 'Wilson', 'Lamport', 'Sammet', 'Diffie'];

/** Sixty customers, each reachable by SMS, e-mail and a social handle (simulated addresses). */
export const DEMO_CUSTOMERS: readonly DemoCustomer[] = Array.from({ length: 60 }, (_, i) => {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length]!;
  const handle = `${first}${last}`.toLowerCase().replace(/[^a-z]/g, '');
  return {
    name: `${first} ${last}`,
    sms: `+1555010${String(1000 + i)}`,
    email: `${handle}@example.net`,
    twitter: `${handle}_${i}`,
  };
});
