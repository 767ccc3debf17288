import fs from 'node:fs';
import { ADMIN_EMAIL, ADMIN_PASSWORD, login, startDatabase, startServer } from './setup.js';
import { closeHttpClient, graphql } from './http-client.js';
import { ms, summarize } from './stats.js';

/**
 * What abuse costs the built server (pnpm bench:abuse): a normal query's latency beside refused
 * costly queries (500 aliases, a 29-level cycle) and bursts of 300 failed logins, with the
 * server's CPU time per phase from /proc. Small and sequential on purpose: it measures the edge.
 */

const CLOCK_TICKS = 100; // USER_HZ on Linux

function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS; // utime + stime
}

async function phase(name: string, pid: number, count: number, run: (i: number) => Promise<{ code?: string }>, parallel = false): Promise<void> {
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  const samples: number[] = [];
  const codes = new Map<string, number>();
  const one = async (i: number) => {
    const t = performance.now();
    const { code = 'ok' } = await run(i);
    samples.push(performance.now() - t);
    codes.set(code, (codes.get(code) ?? 0) + 1);
  };
  if (parallel) await Promise.all(Array.from({ length: count }, (_, i) => one(i)));
  else for (let i = 0; i < count; i++) await one(i);
  const wall = performance.now() - started;
  const cpu = cpuMs(pid) - cpuBefore;
  const s = summarize(samples);
  console.log(`${name.padEnd(44)} n=${count} p50 ${ms(s.p50)} p99 ${ms(s.p99)} wall ${ms(wall)} server CPU ${ms(cpu)} (${(cpu / count).toFixed(2)} ms/request) ${JSON.stringify(Object.fromEntries(codes))}`);
}

const database = await startDatabase();
const server = await startServer(database.url);
try {
  const token = await login(server.endpoint, ADMIN_EMAIL, ADMIN_PASSWORD);
  const codeOf = (res: { errors?: Array<{ extensions?: { code?: string } }> }) => ({ code: res.errors?.[0]?.extensions?.code });
  const ask = (query: string) => async () => codeOf(await graphql(server.endpoint, query, {}, token));
  const aliases = `query { ${Array.from({ length: 500 }, (_, i) => `a${i}: threads(first: 200) { edges { node { id } } }`).join(' ')} }`;
  let cycle = 'id';
  for (let level = 0; level < 29; level++) cycle = level % 2 === 0 ? `customer { ${cycle} }` : `threads { edges { node { ${cycle} } } }`;
  const deep = `query { threads(first: 1) { edges { node { ${cycle} } } } }`;
  const queue = 'query { threads(first: 50) { totalCount edges { node { id subject status customer { id name } owner { id name } lastMessage { id } } } } }';

  for (let i = 0; i < 20; i++) await ask(queue)(); // warm up
  await phase('normal: { serverTime }', server.pid, 300, ask('{ serverTime }'));
  await phase('normal: threads(first: 50), queue row fields', server.pid, 300, ask(queue));
  await phase('refused: 500 aliases of threads(first: 200)', server.pid, 100, ask(aliases));
  await phase('refused: 29-level thread/customer cycle', server.pid, 100, ask(deep));
  const loginAs = (email: (i: number) => string) => async (i: number) =>
    codeOf(await graphql(server.endpoint, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email(i), p: `wrong-${i}` }));
  await phase('300 failed logins, one e-mail, at once', server.pid, 300, loginAs(() => ADMIN_EMAIL), true);
  await phase('300 failed logins, 300 e-mails, one address', server.pid, 300, loginAs((i) => `nobody${i}@example.com`), true);
  await phase('normal after the bursts: { serverTime }', server.pid, 300, ask('{ serverTime }'));
} finally {
  closeHttpClient();
  await server.stop();
  await database.cleanup();
}
