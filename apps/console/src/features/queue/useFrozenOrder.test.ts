import { describe, expect, it } from 'vitest';
import { holdRow } from './useFrozenOrder';

const rows = (...ids: string[]) => ids.map((id) => ({ id }));
const ids = (list: Array<{ id: string }>) => list.map((row) => row.id);

describe('holdRow', () => {
  it('keeps the open thread at the index it was shown at while the others take their sorted places', () => {
    expect(ids(holdRow(rows('b', 'c', 'a'), ['a', 'b', 'c'], 'a'))).toEqual(['a', 'b', 'c']);
    expect(ids(holdRow(rows('a', 'c', 'd', 'b'), ['a', 'b', 'c', 'd'], 'b'))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('sorts as usual with nothing open, a row not shown before, or one already in place', () => {
    expect(ids(holdRow(rows('b', 'a'), ['a', 'b'], null))).toEqual(['b', 'a']);
    expect(ids(holdRow(rows('b', 'a', 'n'), ['a', 'b'], 'n'))).toEqual(['b', 'a', 'n']);
    expect(ids(holdRow(rows('a', 'b'), ['a', 'b'], 'a'))).toEqual(['a', 'b']);
  });
});
