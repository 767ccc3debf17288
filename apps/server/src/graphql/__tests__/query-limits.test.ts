import fs from 'node:fs';
import path from 'node:path';
import {
  getIntrospectionQuery, getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, Kind, parse,
  typeFromAST, type DocumentNode, type GraphQLInputType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUERY_LIMIT_DEFAULTS, REPO_ROOT } from '../../config.js';
import { createSchema } from '../../app/schema.js';
import { ErrorCode } from '../../errors.js';
import { createQueryLimits, type QueryLimits } from '../query-limits.js';

const OPERATIONS = path.join(REPO_ROOT, 'packages/schema/operations');

let schema: GraphQLSchema;
let limits: QueryLimits;

beforeAll(async () => {
  schema = await createSchema();
  limits = createQueryLimits(schema, QUERY_LIMIT_DEFAULTS);
});

/** Every console operation with its fragments, and variables as large as the API allows (`first: 200`). */
function consoleOperations(): Array<{ name: string; document: DocumentNode; variables: Record<string, unknown> }> {
  const files = fs.readdirSync(OPERATIONS, { recursive: true }).map(String).filter((file) => file.endsWith('.graphql'));
  const document = parse(files.map((file) => fs.readFileSync(path.join(OPERATIONS, file), 'utf8')).join('\n'));
  return document.definitions
    .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => ({
      name: operation.name!.value,
      document,
      variables: Object.fromEntries((operation.variableDefinitions ?? []).map((variable) =>
        [variable.variable.name.value, sample(typeFromAST(schema, variable.type as never) as GraphQLInputType, variable.variable.name.value)])),
    }));
}

function sample(type: GraphQLInputType, name: string): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [sample(nullable.ofType, name)];
  if (isEnumType(nullable)) return nullable.getValues()[0]!.value;
  if (isInputObjectType(nullable)) {
    return Object.fromEntries(Object.values(nullable.getFields()).filter((field) => isNonNullType(field.type))
      .map((field) => [field.name, sample(field.type, field.name)]));
  }
  switch (getNamedType(nullable).name) {
    case 'Int': return name === 'first' ? 200 : 1;
    case 'Boolean': return true;
    case 'DateTime': return new Date().toISOString();
    default: return 'x';
  }
}

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

describe('query limits', () => {
  it('accept every console operation in packages/schema/operations, with pages of 200', () => {
    const operations = consoleOperations();
    expect(operations.length).toBeGreaterThan(20);
    const refused = operations.map(({ name, document, variables }) => ({ name, refusal: limits.check({ document, variables, operationName: name })?.message }))
      .filter(({ refusal }) => refusal !== undefined);
    expect(refused).toEqual([]);
    // Every one was priced (its variables fit), not waved through.
    expect(operations.filter(({ name, document, variables }) => limits.costOf({ document, variables, operationName: name }) === undefined).map(({ name }) => name)).toEqual([]);
  });

  it("accept graphql-js's standard introspection query", () => {
    expect(limits.check({ document: parse(getIntrospectionQuery()) })).toBeUndefined();
  });

  it("accept the console's event selection with threadEvents(first: 500) and webhookDeliveries(first: 200)", () => {
    const queueRow = fs.readFileSync(path.join(OPERATIONS, 'queue/queue-threads.graphql'), 'utf8').replace(/^query[\s\S]*?\n}\n/m, '');
    const events = parse(`query { threadEvents(first: 500) { cursor type threadVersion at note actor { id name }
      before { status queueId ownerId collaboratorIds priority waitingSince responseDueAt }
      after { status queueId ownerId collaboratorIds priority waitingSince responseDueAt }
      message { id kind body createdAt receivedAt to deliveryStatus author { id name } channel { id kind name } }
      thread { ...QueueRow } } } ${queueRow}`);
    expect(limits.check({ document: events })).toBeUndefined();
    const deliveries = parse(`query { webhookDeliveries(webhookId: "w", first: 200) { id eventCursor attempt status httpStatus error at } }`);
    expect(limits.check({ document: deliveries })).toBeUndefined();
  });

  it('refuse a 29-level thread → customer → threads nesting in milliseconds, with the depth and the limit', () => {
    let selection = 'id';
    for (let level = 0; level < 29; level++) selection = level % 2 === 0 ? `customer { ${selection} }` : `threads { edges { node { ${selection} } } }`;
    const document = parse(`query { thread(id: "x") { ${selection} } }`);
    const { value: refusal, ms } = timed(() => limits.check({ document }));
    expect(refusal?.code).toBe(ErrorCode.QUERY_TOO_COMPLEX);
    expect(refusal?.extensions).toMatchObject({ limit: QUERY_LIMIT_DEFAULTS.maxDepth });
    expect(refusal?.extensions.depth).toBeGreaterThan(QUERY_LIMIT_DEFAULTS.maxDepth);
    expect(ms).toBeLessThan(50);
  });

  it('refuse the same cycle when it is shallow but multiplies (three levels of 200)', () => {
    const document = parse(`query { threads(first: 200) { edges { node { customer { threads(first: 200) { edges { node {
      customer { threads(first: 200) { edges { node { id } } } } } } } } } } } }`);
    expect(limits.check({ document })?.extensions).toMatchObject({ limit: QUERY_LIMIT_DEFAULTS.maxCost });
  });

  it('refuse 500 aliases of threads(first: 200) in milliseconds, with the cost and the limit', () => {
    const document = parse(`query { ${Array.from({ length: 500 }, (_, i) => `a${i}: threads(first: 200) { edges { node { id } } }`).join(' ')} }`);
    limits.check({ document }); // warm up, as a running server is
    const { value: refusal, ms } = timed(() => limits.check({ document }));
    expect(refusal?.code).toBe(ErrorCode.QUERY_TOO_COMPLEX);
    expect(refusal?.extensions).toEqual({ cost: expect.any(Number), limit: QUERY_LIMIT_DEFAULTS.maxCost });
    expect(refusal!.extensions.cost as number).toBeGreaterThan(QUERY_LIMIT_DEFAULTS.maxCost);
    expect(ms).toBeLessThan(50);
  });

  it('price a page by its `first`, its default included', () => {
    const cost = (query: string) => limits.costOf({ document: parse(query) });
    expect(cost('{ threads(first: 100) { edges { node { id } } } }')).toBe(2 * cost('{ threads(first: 50) { edges { node { id } } } }')! - 1);
    expect(cost('{ threads { edges { node { id } } } }')).toBe(cost('{ threads(first: 50) { edges { node { id } } } }'));
  });

  it('price one parsed document anew for each page size its variables ask for (the remembered cost is per variable set)', () => {
    // Apollo hands every request of one query text the same parsed document.
    const document = parse('query($first: Int, $q: String, $deep: Boolean!) { threads(first: $first, filter: { search: $q }) { edges { node { id customer @include(if: $deep) { id } } } } }');
    const cost = (variables: Record<string, unknown>) => limits.costOf({ document, variables });
    const fifty = cost({ first: 50, q: 'a', deep: false })!;
    expect(cost({ first: 200, q: 'b', deep: false })).toBeGreaterThan(fifty);
    expect(cost({ first: 50, q: 'another search', deep: false })).toBe(fifty);
    expect(cost({ first: 50, q: 'a', deep: true })).toBeGreaterThan(fifty);
    const wide = parse(`query($first: Int) { ${Array.from({ length: 300 }, (_, i) => `a${i}: threads(first: $first) { edges { node { id } } }`).join(' ')} }`);
    expect(limits.check({ document: wide, variables: { first: 5 } })).toBeUndefined();
    expect(limits.check({ document: wide, variables: { first: 200 } })?.code).toBe(ErrorCode.QUERY_TOO_COMPLEX);
    expect(limits.check({ document: wide, variables: { first: 5 } })).toBeUndefined();
  });

  it('allow one login per request, however it is aliased or spread', () => {
    const one = parse('mutation { login(email: "a@b.c", password: "p") { token } }');
    expect(limits.check({ document: one })).toBeUndefined();
    const aliased = parse('mutation { a: login(email: "a@b.c", password: "1") { token } b: login(email: "a@b.c", password: "2") { token } }');
    expect(limits.check({ document: aliased })?.extensions).toEqual({ logins: 2, limit: 1 });
    const spread = parse('mutation { ...Guess a: login(email: "a@b.c", password: "1") { token } } fragment Guess on Mutation { login(email: "a@b.c", password: "2") { token } }');
    expect(limits.check({ document: spread })?.code).toBe(ErrorCode.QUERY_TOO_COMPLEX);
  });
});
