import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildSchema, getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isObjectType, isRequiredArgument,
  type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLObjectType, type GraphQLSchema,
} from 'graphql';
import { hostileBoolean, hostileCursor, hostileDateTime, hostileInt, hostileString, plausibleString, wrongShape } from './fuzz-values.js';

/**
 * Operations generated from packages/schema/schema.graphql itself, so a mutation or subscription
 * argument added tomorrow is fuzzed without touching the tests: every argument gets values for its
 * declared type (right, wrong, null, missing, hostile), aimed at real ids where its name says what
 * it refers to.
 */

export const SCHEMA_FILE = new URL('../../packages/schema/schema.graphql', import.meta.url);

export function loadSchema(): GraphQLSchema {
  return buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
}

/** Real ids by what they name ("thread", "queue", …), and every one of them, read from the database before each property. */
export interface IdPools {
  byKind: Record<string, string[]>;
  cursors: string[];
}

/** The tables whose ids the run aims at, by the word an argument's name uses for them. */
export const ID_KINDS: Readonly<Record<string, string>> = {
  thread: 'thread', queue: 'queue', channel: 'channel', customer: 'customer', message: 'message', agent: 'agent', owner: 'agent',
  apikey: 'api_key', webhook: 'webhook',
};

/** What an argument or input field refers to, by its name (threadId, toQueueId, agentIds, ownerId; `id` by its mutation: updateAgent, revokeApiKey). */
function kindOf(name: string, fieldName: string): string | null {
  const base = name.replace(/^to/, '').replace(/Ids?$/, '').toLowerCase();
  if (ID_KINDS[base]) return ID_KINDS[base]!;
  if (name !== 'id') return null;
  const target = Object.keys(ID_KINDS).find((word) => fieldName.toLowerCase().includes(word));
  return target ? ID_KINDS[target]! : 'any';
}

function everyId(pools: IdPools): string[] {
  return [...new Set(['none', ...Object.values(pools.byKind).flat()])];
}

function idArbitrary(pools: IdPools, kind: string | null): fc.Arbitrary<unknown> {
  const every = Object.values(pools.byKind).flat();
  const aimed = kind && kind !== 'any' ? pools.byKind[kind] ?? [] : every;
  const options: Array<fc.WeightedArbitrary<unknown>> = [{ weight: 2, arbitrary: hostileString }];
  if (aimed.length) options.push({ weight: 6, arbitrary: fc.constantFrom(...aimed) });
  if (every.length) options.push({ weight: 2, arbitrary: fc.constantFrom(...every) });
  // A real id, bent: another prefix, a case change, padding, a truncation.
  if (every.length) {
    options.push({
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...every), fc.constantFrom('swap', 'upper', 'pad', 'cut', 'nul')).map(([id, how]) => {
        if (how === 'swap') return `agt_${id.slice(4)}`;
        if (how === 'upper') return id.toUpperCase();
        if (how === 'pad') return ` ${id} `;
        if (how === 'cut') return id.slice(0, -1);
        return `${id}\u0000`;
      }),
    });
  }
  options.push({ weight: 1, arbitrary: fc.integer() });
  return fc.oneof(...options);
}

function scalarArbitrary(typeName: string, name: string, fieldName: string, pools: IdPools): fc.Arbitrary<unknown> {
  switch (typeName) {
    case 'ID':
      return idArbitrary(pools, kindOf(name, fieldName));
    case 'String':
      if (name === 'after') return fc.oneof(fc.constantFrom(...pools.cursors), hostileCursor);
      return fc.oneof({ weight: 3, arbitrary: plausibleString(name) }, { weight: 2, arbitrary: hostileString });
    case 'Int':
      return hostileInt;
    case 'Boolean':
      return hostileBoolean;
    case 'DateTime':
      return hostileDateTime;
    default:
      return fc.oneof(hostileString, wrongShape);
  }
}

const MAX_INPUT_DEPTH = 3;

/** Values for a GraphQL input type: mostly well-typed, sometimes null where it is required, of the wrong shape, or missing. */
export function inputArbitrary(type: GraphQLInputType, name: string, fieldName: string, pools: IdPools, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) {
    return fc.oneof({ weight: 14, arbitrary: inputArbitrary(type.ofType, name, fieldName, pools, depth) }, { weight: 1, arbitrary: fc.constant(null) });
  }
  const inner = (): fc.Arbitrary<unknown> => {
    if (isListType(type)) {
      const item = inputArbitrary(type.ofType, name, fieldName, pools, depth + 1);
      return fc.oneof(
        { weight: 6, arbitrary: fc.array(item, { maxLength: 4 }) },
        { weight: 1, arbitrary: item }, // GraphQL coerces one value into a list of one
        // Long lists of short values (a long list of 1 MiB strings would only test the body limit).
        { weight: 1, arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...everyId(pools))), { minLength: 200, maxLength: 1200 }) },
      );
    }
    if (isEnumType(type)) {
      return fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...type.getValues().map((value) => value.name)) },
        { weight: 1, arbitrary: fc.constantFrom('', 'open', 'ADMIN ', 'SUPERUSER', 'urgent', '__proto__', 'RESOLVED; DROP TABLE thread') },
      );
    }
    if (isInputObjectType(type)) {
      if (depth >= MAX_INPUT_DEPTH) return fc.constant({});
      const fields = Object.values(type.getFields());
      const model = Object.fromEntries(fields.map((field) => [field.name, inputArbitrary(field.type, field.name, fieldName, pools, depth + 1)]));
      const record = fc.record(model, { requiredKeys: [] });
      return fc.oneof(
        { weight: 8, arbitrary: record },
        // An unknown field is a coercion error, never silently ignored.
        { weight: 1, arbitrary: fc.tuple(record, hostileString).map(([value, extra]) => ({ ...value, [`x${extra.length}`]: extra })) },
      );
    }
    return scalarArbitrary(getNamedType(type).name, name, fieldName, pools);
  };
  return fc.oneof(
    { weight: 14, arbitrary: inner() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: wrongShape },
  );
}

/** A selection of the leaf fields (two object levels deep) of a field's type: enough to run the payload's resolvers. */
export function selectionOf(type: GraphQLObjectType, depth = 2): string {
  const parts: string[] = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some(isRequiredArgument)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isObjectType(named) && depth > 0) parts.push(`${field.name} ${selectionOf(named, depth - 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

export interface FuzzCall {
  field: string;
  query: string;
  /** JSON-ready: undefined entries are left out, as a client that omits a variable would. */
  variables: Record<string, unknown>;
}

/**
 * Calls of one root field: each argument as a variable of its declared type (now and then declared
 * as the wrong type, which graphql-js must refuse), with a generated value or none.
 */
export function callArbitrary(operation: 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>, pools: IdPools): fc.Arbitrary<FuzzCall> {
  const named = getNamedType(field.type);
  const selection = isObjectType(named) ? ` ${selectionOf(named, operation === 'subscription' ? 1 : 2)}` : '';
  const argument = (arg: GraphQLArgument) => fc.record({
    value: fc.oneof({ weight: 12, arbitrary: inputArbitrary(arg.type, arg.name, field.name, pools) }, { weight: 1, arbitrary: fc.constant(undefined) }),
    declaredAs: fc.oneof({ weight: 15, arbitrary: fc.constant(String(arg.type)) }, { weight: 1, arbitrary: fc.constantFrom('String', 'ID!', '[ID!]!', 'Int') }),
  });
  return fc.tuple(...field.args.map(argument)).map((args) => {
    const declarations = field.args.map((arg, i) => `$${arg.name}: ${args[i]!.declaredAs}`);
    const uses = field.args.map((arg) => `${arg.name}: $${arg.name}`);
    const query = `${operation} Fuzz${declarations.length ? `(${declarations.join(', ')})` : ''} { ${field.name}${uses.length ? `(${uses.join(', ')})` : ''}${selection} }`;
    const variables = Object.fromEntries(field.args.map((arg, i) => [arg.name, args[i]!.value]).filter(([, value]) => value !== undefined));
    return printable({ field: field.name, query, variables });
  });
}

/** The call with its variables rewritten (e.g. by avoidKnownBugs), still printable. */
export function mapVariables(call: FuzzCall, rewrite: (value: unknown) => unknown): FuzzCall {
  return printable({ ...call, variables: rewrite(call.variables) as Record<string, unknown> });
}

/** fast-check prints counterexamples with this: huge strings shortened, pasteable. */
function printable(call: FuzzCall): FuzzCall {
  return Object.assign(call, { [fc.toStringMethod]: () => describeCall(call) });
}

/** The root fields of `operation` in the schema, minus the ones named in `skip`. */
export function rootFields(schema: GraphQLSchema, operation: 'mutation' | 'subscription', skip: readonly string[] = []): Array<GraphQLField<unknown, unknown>> {
  const root = operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  return Object.values(root?.getFields() ?? {}).filter((field) => !skip.includes(field.name));
}

/** A call as a reader can paste it: the variables with huge strings shortened. */
export function describeCall(call: FuzzCall): string {
  const short = JSON.stringify(call.variables, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 120 ? `<${value.length} chars: ${JSON.stringify(value.slice(0, 20))}…>` : value);
  return `${call.query}\nvariables: ${short}`;
}
