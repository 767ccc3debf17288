import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layout tells the architecture (docs/architecture.md, "Layers"); this keeps it true. Layers,
 * lowest first: the process basics (config, logger, ids, errors), db/, events/ (the log and its
 * transactions), modules/ (the features: services, models, resolvers), graphql/ (the API edge:
 * context, errors, auth), live/ (the real-time runtime), app/ (the composition root: services and
 * schema), http/ and main.ts. A file may import its own layer and lower ones only,
 * and no file may reach itself again through its imports (type-only imports included).
 */

const SRC = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const REPO = path.resolve(SRC, '../../..');

const LAYERS: Array<{ name: string; matches: (file: string) => boolean }> = [
  { name: 'basics', matches: (file) => !file.includes('/') },
  { name: 'db', matches: (file) => file.startsWith('db/') },
  { name: 'events', matches: (file) => file.startsWith('events/') },
  { name: 'modules', matches: (file) => file.startsWith('modules/') },
  { name: 'graphql', matches: (file) => file.startsWith('graphql/') },
  { name: 'live', matches: (file) => file.startsWith('live/') },
  { name: 'app', matches: (file) => file.startsWith('app/') },
  { name: 'http', matches: (file) => file.startsWith('http/') },
  // The demo (`pnpm start`): seeds through the database and drives the running server from outside, over HTTP.
  { name: 'demo', matches: (file) => file.startsWith('demo/') },
];
// main.ts is the process itself: it may import everything, and nothing imports it.
const layerOf = (file: string) => (file === 'main.ts' ? LAYERS.length : LAYERS.findIndex((layer) => layer.matches(file)));

function sourceFiles(dir: string, root = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' || entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(full, root);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path.relative(root, full)] : [];
  });
}

/** Relative imports of a file, resolved to files under src/ (`.js` specifiers name `.ts` sources). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(SRC, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => path.normalize(path.join(path.dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('the server source layout', () => {
  it('has every file in a known layer', () => {
    expect(files.filter((file) => layerOf(file) < 0)).toEqual([]);
  });

  it('never lets a lower layer import an upper one', () => {
    const upward = files.flatMap((file) =>
      (graph.get(file) ?? []).filter((target) => layerOf(target) > layerOf(file)).map((target) => `${file} -> ${target}`));
    expect(upward).toEqual([]);
  });

  it('has no import circles', () => {
    expect(circles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});

describe('the other packages', () => {
  it.each(['apps/console/src', 'packages/schema/src', 'test', 'bench/src'])('have no import circles in %s', (root) => {
    const dir = path.join(REPO, root);
    const files = sourceFilesWithTests(dir).filter((file) => !file.includes('/generated/'));
    const resolve = (from: string, specifier: string) => {
      const base = path.normalize(path.join(path.dirname(from), specifier)).replace(/\.js$/, '');
      return [`${base}.ts`, `${base}.tsx`, base].find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
    };
    const edges = new Map(files.map((file) => [file, [...fs.readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g)]
      .map((match) => resolve(file, match[1]!)).filter((target): target is string => target !== undefined)]));
    expect(circles(edges).map((cycle) => cycle.map((file) => path.relative(REPO, file)).join(' -> '))).toEqual([]);
  });
});

describe('source files', () => {
  it('stay under 400 lines, migrations and generated code aside', () => {
    const roots = ['apps/server/src', 'apps/console/src', 'packages/schema/src', 'test', 'bench/src'].map((root) => path.join(REPO, root));
    const long = roots.filter((root) => fs.existsSync(root)).flatMap((root) =>
      sourceFilesWithTests(root)
        .filter((file) => !file.includes('/migrations/') && !file.includes('/generated/'))
        .map((file) => ({ file: path.relative(REPO, file), lines: fs.readFileSync(file, 'utf8').split('\n').length }))
        .filter(({ lines }) => lines > 400));
    expect(long).toEqual([]);
  });
});

function sourceFilesWithTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFilesWithTests(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every import circle found by a depth-first walk, as the files along it. */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      found.push([...trail.slice(trail.indexOf(file)), file]);
      return;
    }
    state.set(file, 'visiting');
    for (const target of graph.get(file) ?? []) if (graph.has(target)) visit(target, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}
