import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContract } from './contract-check.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('schema.graphql against the public contract', () => {
  const report = checkContract(read('contract.graphql'), read('schema.graphql'), read('contract-pending.txt'));

  it('breaks nothing in the contract except what contract-pending.txt lists as not built yet', () => {
    expect(report.breaking.map((change) => change.description)).toEqual([]);
  });

  it('lists nothing as pending that is already built (the list only shrinks)', () => {
    expect(report.implementedPending).toEqual([]);
    expect(report.malformedPending).toEqual([]);
  });

  it('keeps contract.graphql an exact copy of the shared contract', () => {
    const shared = path.resolve(root, '../../../shared/api-contract.graphql');
    // The shared folder sits beside a checkout in CI and development; a published package has only its copy.
    if (!fs.existsSync(shared)) return expect(read('contract.graphql')).toContain('contract v1');
    expect(read('contract.graphql')).toBe(fs.readFileSync(shared, 'utf8'));
  });
});

describe('checkContract', () => {
  const contract = `
    type Query { a: Int! b(x: Int, y: Int): String thing: Thing }
    type Thing { id: ID! }
    enum Color { RED GREEN }
    type Mutation { paint(c: Color): Color }`;

  it('reports a missing field that is not pending', () => {
    const report = checkContract(contract, 'type Query { a: Int! }', '');
    expect(report.breaking.map((c) => c.description)).toContain('Query.b was removed.');
  });

  it('accepts what is pending, at every granularity', () => {
    const emitted = `type Query { a: Int! b(x: Int): String } enum Color { RED }`;
    const report = checkContract(contract, emitted, 'Query.b(y:)\nQuery.thing\nThing\nColor.GREEN\nMutation\n');
    expect(report.breaking).toEqual([]);
    expect(report.implementedPending).toEqual([]);
  });

  it('reports a pending entry that the schema in fact has', () => {
    const emitted = `type Query { a: Int! b(x: Int, y: Int): String thing: Thing } type Thing { id: ID! }`;
    const report = checkContract(contract, emitted, 'Query.b(y:)\nQuery.thing\nThing\nMutation\nColor');
    expect(report.implementedPending).toEqual(['Query.b(y:)', 'Query.thing', 'Thing']);
  });

  it('refuses a pending list where a built item still needs a pending type', () => {
    expect(() => checkContract(contract, 'type Query { a: Int! }', 'Thing\nColor\nMutation\nQuery.b')).toThrow(/inconsistent/);
  });

  it('reports a changed type as breaking', () => {
    const report = checkContract(contract, `type Query { a: String b(x: Int, y: Int): String thing: Thing } type Thing { id: ID! }`, 'Color\nMutation');
    expect(report.breaking.map((c) => c.type)).toContain('FIELD_CHANGED_KIND');
  });
});
