import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gql, startBuiltServer, type BuiltServer } from '../support/built-server.js';
import { freePort } from '../support/postgres.js';

// `pnpm start` without DATABASE_URL: the server runs its own PostgreSQL in SWITCHBOARD_DATA_DIR.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-embedded-'));
fs.chmodSync(dataDir, 0o755);
const running: BuiltServer[] = [];

function postmasterPid(): number | undefined {
  const file = path.join(dataDir, 'pgdata', 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const server of running) await server.stop('SIGINT');
  const pid = postmasterPid();
  if (pid && alive(pid)) process.kill(pid, 'SIGINT');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the embedded PostgreSQL', () => {
  it('survives a killed run, keeps its data, and leaves no postgres behind after Ctrl-C', async () => {
    const env = {
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_PG_PORT: String(await freePort()),
      SWITCHBOARD_ADMIN_EMAIL: 'owner@example.com',
      SWITCHBOARD_ADMIN_PASSWORD: 'persisted-password',
    };
    const first = await startBuiltServer(env);
    running.push(first);
    expect(first.output()).toContain('created the ADMIN agent');

    // A crash (SIGKILL) gives Node no chance to stop its database: postgres is left running.
    const orphan = postmasterPid();
    expect(orphan).toBeDefined();
    first.child.kill('SIGKILL');
    await first.exited;
    expect(alive(orphan!)).toBe(true);

    // The next start stops the stale cluster, takes the folder over and finds the data kept.
    const second = await startBuiltServer(env);
    running.push(second);
    expect(second.output()).toContain('stopping a PostgreSQL left running by an earlier run');
    expect(second.output()).toContain('the ADMIN agent exists');
    expect(alive(orphan!)).toBe(false);
    const login = await gql(second.url, 'mutation { login(email: "owner@example.com", password: "persisted-password") { token } }');
    expect(login.errors).toBeUndefined();

    // Ctrl-C: Node drains, then stops its postgres; nothing is left running.
    const current = postmasterPid()!;
    expect(await second.stop('SIGINT')).toBe(0);
    expect(alive(current)).toBe(false);
    expect(postmasterPid()).toBeUndefined();
  }, 180_000);
});
