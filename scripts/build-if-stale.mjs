// Builds the packages whose sources changed since their last build (or that were never built),
// in dependency order: what `pnpm start` and `pnpm bench` do first, so a second run starts at once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const seconds = (since) => `${Math.max(1, Math.round((Date.now() - since) / 1000))} s`;

const packages = [
  { name: '@switchboard/schema', what: 'the GraphQL schema package', takes: 'about 15 s', sources: ['packages/schema/src', 'packages/schema/operations', 'packages/schema/schema.graphql'], output: 'packages/schema/dist/index.js' },
  { name: '@switchboard/server', what: 'the server', takes: 'about 30 s', sources: ['apps/server/src'], output: 'apps/server/dist/main.js' },
  { name: '@switchboard/console', what: 'the console', takes: 'about a minute', sources: ['apps/console/src', 'apps/console/index.html', 'apps/console/graphiql.html'], output: 'apps/console/dist/index.html' },
];

/** Tests are not part of any build: editing one must not rebuild. */
const notBuilt = (entry) => entry === '__tests__' || /\.test\.tsx?$/.test(entry);

function newestMtime(target) {
  const full = path.join(root, target);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(full).filter((entry) => !notBuilt(entry)).map((entry) => newestMtime(path.join(target, entry))));
}

/** Exits the process with the build's status if a build fails. */
export function buildIfStale({ log }) {
  let rebuiltUpstream = false;
  for (const pkg of packages) {
    const output = path.join(root, pkg.output);
    const missing = !fs.existsSync(output);
    const stale = missing || pkg.sources.some((source) => newestMtime(source) > fs.statSync(output).mtimeMs);
    if (!stale && !rebuiltUpstream) continue;
    const why = missing ? 'first run' : stale ? 'sources changed' : 'its dependencies changed';
    log(`building ${pkg.what} (${why}, ${pkg.takes})…`);
    const since = Date.now();
    const result = spawnSync('pnpm', ['--filter', pkg.name, 'build'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
    log(`  built ${pkg.what} in ${seconds(since)}`);
    rebuiltUpstream = true;
  }
}
