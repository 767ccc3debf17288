import { v7 as uuidv7 } from 'uuid';

export type IdPrefix = 'thr' | 'msg' | 'agt' | 'que' | 'cus' | 'chn' | 'ses' | 'key' | 'whk' | 'whd' | 'wep';

/** A type-prefixed UUIDv7 (`thr_0193…`): time-ordered, so inserts stay index-friendly. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${uuidv7().replaceAll('-', '')}`;
}
