import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { callArbitrary, describeCall, loadSchema, rootFields, type FuzzCall } from '../../support/fuzz-schema.js';
import { checkProperty, FUZZ, fuzzTimeout } from '../../support/fuzz-run.js';
import { changes, heal, post, problemsOf, readPools, refused, seedWorld, snapshot, type ActorName, type FuzzWorld } from '../../support/fuzz-world.js';
import { startTestServer, type TestServer } from '../../support/server.js';

// Issue #11. Every mutation of schema.graphql, with random and hostile arguments, as every role,
// over real PostgreSQL. `logout` would end the session the run acts with.
const SKIP = ['logout'];
const MUTATIONS = rootFields(loadSchema(), 'mutation', SKIP);

// Calls without a valid token are fuzzed in regressions.test.ts.
const caller = fc.constantFrom<ActorName>('ADMIN', 'ADMIN', 'SUPERVISOR', 'AGENT', 'AGENT');

let server: TestServer;
let world: FuzzWorld;

beforeAll(async () => {
  server = await startTestServer();
  world = await seedWorld(server);
});
afterAll(() => server?.close());

/** One call: its answer must be a known error or data, and a refused call must leave every table as it was. */
async function callOnce(who: ActorName, call: FuzzCall): Promise<void> {
  const before = await snapshot(server);
  const result = await post(server, call.query, call.variables, `Bearer ${world.actors[who].token}`);
  const after = await snapshot(server);
  await heal(server, world);
  const problems = problemsOf(result);
  if (refused(result, call.field)) {
    const written = changes(before, after);
    if (written.length) problems.push(`refused (${result.body?.errors?.map((e) => e.extensions?.code).join(', ')}) yet wrote: ${written.join(', ')}`);
  }
  if (problems.length) {
    throw new Error(`${problems.join('; ')}\nas ${who}: ${describeCall(call)}\nanswer (HTTP ${result.status}): ${result.text.slice(0, 600)}`);
  }
}

describe('fuzzing every mutation (issue #11)', () => {
  it('generates calls for every mutation of the schema but logout', () => {
    const names = MUTATIONS.map((field) => field.name);
    if (names.length < 20 || names.includes('logout') || !names.includes('receiveMessage')) throw new Error(`unexpected mutations: ${names.join(', ')}`);
  });

  MUTATIONS.forEach((mutation, index) => {
    const name = `${mutation.name}: never an internal error or a 5xx, and a refusal writes nothing`;
    it(name, async () => {
      const pools = await readPools(server);
      const calls = callArbitrary('mutation', mutation, pools);
      const property = fc.asyncProperty(caller, calls, callOnce);
      await checkProperty(name, property, FUZZ.runs, index);
    }, fuzzTimeout(FUZZ.runs));
  });
});
