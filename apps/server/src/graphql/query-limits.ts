import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { ApolloServerPlugin } from '@apollo/server';
import { getNullableType, isListType, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { QUERY_LIMIT_DEFAULTS, type QueryLimitOptions } from '../config.js';
import { DomainError, ErrorCode } from '../errors.js';
import { LARGEST_PAGE } from '../modules/pagination.js';

/**
 * The one home of "how much may one operation ask for", used by HTTP (queryLimitsPlugin) and by
 * graphql-ws (live/ws-server.ts, on every subscribe): depth (graphql-armor's rule), cost
 * (graphql-query-complexity) and at most one `login`. Checked after validation, before anything
 * executes; a refusal is QUERY_TOO_COMPLEX with what was found and the limit in `extensions`.
 */

/** A list without `first` is assumed to hold this many items (collaborators, identities, introspection's types). */
export const ASSUMED_LIST_SIZE = 10;

/** The operation as both transports have it after parsing and validation. */
export interface OperationRequest {
  document: DocumentNode;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface QueryLimits {
  readonly options: QueryLimitOptions;
  /** What the operation costs (for tests and benchmarks); undefined when its variables do not fit. */
  costOf(request: OperationRequest): number | undefined;
  /** The refusal, or undefined when the operation is within every limit. */
  check(request: OperationRequest): DomainError | undefined;
}

/**
 * Every field costs 1 plus its selection; a field with `first` multiplies its selection by it (its
 * default included), any other list by ASSUMED_LIST_SIZE, except a connection's `edges` (its
 * `first` already counted). So aliases add up, nested pages multiply and cyclic paths (thread →
 * customer → threads → …) grow geometrically.
 */
const pagedEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // A `first` beyond any list's largest page is refused by its resolver (BAD_USER_INPUT naming it)
  // before anything is read; priced at that largest page, it still bounds what nests inside.
  const first = typeof args.first === 'number' ? Math.min(Math.max(args.first, 0), LARGEST_PAGE) : undefined;
  const listed = isListType(getNullableType(field.type));
  const multiplier = first ?? (listed && !type.name.endsWith('Connection') ? ASSUMED_LIST_SIZE : 1);
  return 1 + multiplier * childComplexity;
};

/** Variable sets remembered per document (a page size chosen per request keeps a few). */
const MEASURES_PER_DOCUMENT = 32;

export function createQueryLimits(schema: GraphQLSchema, options: QueryLimitOptions = QUERY_LIMIT_DEFAULTS): QueryLimits {
  const mutationType = schema.getMutationType();

  const measure = (request: OperationRequest): { cost: number; logins: number } | undefined => {
    let logins = 0;
    // Counts `login` fields wherever they are (aliases, fragments), then lets the others price them.
    const loginCounter: ComplexityEstimator = ({ type, field }) => {
      if (type === mutationType && field.name === 'login') logins++;
      return undefined;
    };
    try {
      const cost = getComplexity({
        schema,
        query: request.document,
        variables: request.variables ?? {},
        ...(request.operationName ? { operationName: request.operationName } : {}),
        estimators: [loginCounter, fieldExtensionsEstimator(), pagedEstimator],
      });
      return { cost, logins };
    } catch {
      // Variables that do not fit the operation: execution refuses it before any resolver runs.
      return undefined;
    }
  };

  const depthRefusal = (document: DocumentNode): DomainError | undefined => {
    let rejected: GraphQLError | undefined;
    validate(schema, document, [maxDepthRule({
      n: options.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: false,
      propagateOnRejection: false,
      onReject: [(_context, error) => void (rejected = error)],
    })]);
    if (!rejected) return undefined;
    const depth = Number(/found (\d+)/.exec(rejected.message)?.[1] ?? Number.NaN);
    return new DomainError(ErrorCode.QUERY_TOO_COMPLEX, `The operation is ${depth} levels deep, over the limit of ${options.maxDepth}`, {
      depth,
      limit: options.maxDepth,
    });
  };

  // An operation's depth is its document's, and its cost depends only on the document, the
  // operation and the variables' numbers and booleans (`first`, @include): remembered per parsed
  // document (Apollo parses each distinct query once), so a client repeating one operation pays
  // for the walks once.
  const depths = new WeakMap<DocumentNode, DomainError | null>();
  const measures = new WeakMap<DocumentNode, Map<string, ReturnType<typeof measure>>>();
  const depthOf = (document: DocumentNode): DomainError | undefined => {
    let refusal = depths.get(document);
    if (refusal === undefined) depths.set(document, (refusal = depthRefusal(document) ?? null));
    return refusal ?? undefined;
  };
  const measureOf = (request: OperationRequest): ReturnType<typeof measure> => {
    const key = `${request.operationName ?? ''}\n${JSON.stringify(request.variables ?? {}, (_name, value: unknown) => (typeof value === 'string' ? '' : value))}`;
    let known = measures.get(request.document);
    if (!known) measures.set(request.document, (known = new Map()));
    if (known.has(key)) return known.get(key);
    if (known.size >= MEASURES_PER_DOCUMENT) known.clear();
    const measured = measure(request);
    known.set(key, measured);
    return measured;
  };

  return {
    options,
    costOf: (request) => measureOf(request)?.cost,
    check(request) {
      const depth = depthOf(request.document);
      if (depth) return depth;
      const measured = measureOf(request);
      if (!measured) return undefined;
      if (measured.logins > 1) {
        // Aliases must not multiply password guesses.
        return new DomainError(ErrorCode.QUERY_TOO_COMPLEX, `At most one login per request, found ${measured.logins}`, {
          logins: measured.logins,
          limit: 1,
        });
      }
      if (measured.cost > options.maxCost) {
        return new DomainError(ErrorCode.QUERY_TOO_COMPLEX, `The operation costs ${measured.cost}, over the limit of ${options.maxCost}`, {
          cost: measured.cost,
          limit: options.maxCost,
        });
      }
      return undefined;
    },
  };
}

/** HTTP: refuses an operation over the limits after validation, before execution. */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName }) {
          const refusal = limits.check({ document, variables: request.variables, operationName });
          if (refusal) throw refusal;
        },
      };
    },
  };
}
