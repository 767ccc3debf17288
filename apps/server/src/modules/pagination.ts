import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { Field, ObjectType } from 'type-graphql';
import { badInput } from '../errors.js';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export const MAX_PAGE_SIZE = 200;

/**
 * Whether the query asks this field's result for `name` (directly, or in an inline fragment or a
 * named one): a connection's `totalCount` costs a statement of its own, run only when asked.
 */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  const within = (set: SelectionSetNode | undefined): boolean => (set?.selections ?? []).some((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === name;
    if (selection.kind === Kind.INLINE_FRAGMENT) return within(selection.selectionSet);
    return within(info.fragments[selection.name.value]?.selectionSet);
  });
  return info.fieldNodes.some((node) => within(node.selectionSet));
}

/** Lists of agents (`agents`, `Queue.members`): one page holds a whole center of ordinary size. */
export const DEFAULT_AGENTS_PAGE = 500;
export const MAX_AGENTS_PAGE = 1000;

/** No list serves a larger page (threadEvents: 500); query cost counts a larger `first` as this. */
export const LARGEST_PAGE = MAX_AGENTS_PAGE;

/** `first` within 1..MAX_PAGE_SIZE, else BAD_USER_INPUT naming it. */
export function pageSize(first: number, max = MAX_PAGE_SIZE): number {
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput('first', `must be from 1 to ${max}`);
  return first;
}

/** Opaque cursors: base64url of JSON. Clients never parse them. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, isValid: (value: unknown) => value is T, field = 'after'): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isValid(value)) return value;
  } catch {
    // fall through
  }
  throw badInput(field, 'is not a cursor this list gave out');
}
