import { execute, TypeInfo, visit, visitWithTypeInfo, getNamedType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { formatErrors, type ErrorFormatter } from '../graphql/errors.js';
import type { Context, LiveRequest } from '../modules/context.js';
import { VIEWER_SCOPED_FIELDS } from '../modules/threads/visibility.js';

export interface Rendered {
  payload: string;
  delivered: boolean;
}

/**
 * Renders a subscription's document for a root value: once per render group, not once per
 * subscriber. Errors are formatted like every other transport's (masked, logged).
 */
export class Renderer {
  /** How many GraphQL executions rendered live payloads (tests and metrics read it). */
  renders = 0;
  private readonly scoped = new WeakMap<DocumentNode, boolean>();

  private schema: GraphQLSchema | undefined;

  constructor(private readonly formatError: ErrorFormatter) {}

  /** The schema is built after the hub (its subscription resolvers need the hub). */
  attach(schema: GraphQLSchema): void {
    this.schema = schema;
  }

  /**
   * The serialized payload, and whether it carries the event at all: a payload whose root field
   * is null (its errors masked and logged) did not deliver it, and the client must resume.
   */
  async render(request: LiveRequest, root: unknown, context: Context): Promise<Rendered> {
    this.renders++;
    const result = await execute({
      schema: this.requireSchema(),
      document: request.document,
      operationName: request.operationName ?? undefined,
      variableValues: request.variables,
      rootValue: root,
      contextValue: context,
    });
    const data = result.data ?? null;
    return {
      payload: JSON.stringify({ data, ...(result.errors ? { errors: formatErrors(this.formatError, result.errors) } : {}) }),
      delivered: data !== null && Object.values(data).every((value) => value !== null),
    };
  }

  private requireSchema(): GraphQLSchema {
    if (!this.schema) throw new Error('the live renderer has no schema yet');
    return this.schema;
  }

  /** What a subscriber is told when its event could not be rendered at all: the error, masked and logged by the one formatter. */
  failure(error: unknown): string {
    return JSON.stringify({ data: null, errors: [this.formatError({ message: error instanceof Error ? error.message : String(error) }, error)] });
  }

  /** Does the document select a field whose value depends on the individual viewer (visibility.ts)? */
  viewerScoped(document: DocumentNode): boolean {
    let known = this.scoped.get(document);
    if (known === undefined) {
      known = selectsAny(this.requireSchema(), document, VIEWER_SCOPED_FIELDS);
      this.scoped.set(document, known);
    }
    return known;
  }
}

function selectsAny(schema: GraphQLSchema, document: DocumentNode, fields: ReadonlySet<string>): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(document, visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      if (parent && fields.has(`${getNamedType(parent).name}.${node.name.value}`)) found = true;
    },
  }));
  return found;
}

/** Requests that render alike: the same document, variables (less `after`) and role. */
export function renderKeyOf(role: string, request: LiveRequest, variables: Record<string, unknown>): string {
  return `${role}\u0000${request.operationName ?? ''}\u0000${JSON.stringify(variables)}\u0000${documentKey(request.document)}`;
}

const documentKeys = new WeakMap<DocumentNode, string>();
let documentCounter = 0;

/** Documents with the same text share a key (graphql-ws parses each subscribe anew). */
function documentKey(document: DocumentNode): string {
  const known = documentKeys.get(document);
  if (known) return known;
  const key = document.loc?.source.body ?? `doc-${++documentCounter}`;
  documentKeys.set(document, key);
  return key;
}
