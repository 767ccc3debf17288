import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import { badInput } from '../errors.js';

/**
 * Text PostgreSQL cannot store, refused before anything runs (one check for HTTP and WebSocket):
 * U+0000 (text columns refuse NUL) and lone UTF-16 surrogates, which JSON allows but are no
 * Unicode (jsonb refuses them, and elsewhere they would turn into U+FFFD and make two different
 * external ids equal).
 */
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function problemOf(text: string): string | null {
  if (NUL.test(text)) return 'must not contain NUL (U+0000) characters';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it has a lone surrogate)';
  return null;
}

function checkValue(value: unknown, path: string): void {
  if (typeof value === 'string') {
    const problem = problemOf(value);
    if (problem) throw badInput(path, problem);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkValue(item, `${path}[${index}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) checkValue(item, path ? `${path}.${key}` : key);
  }
}

/** BAD_USER_INPUT naming the first variable or literal with text PostgreSQL cannot store. */
export function checkOperationText(document: DocumentNode, variables: Record<string, unknown> | null | undefined): void {
  checkValue(variables ?? {}, '');
  visit(document, {
    StringValue(node) {
      const problem = problemOf(node.value);
      if (problem) throw badInput('query', `a string literal ${problem}`);
    },
  });
}

/** The HTTP side: refused with 400 before execution. */
export function textInputPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          try {
            checkOperationText(document, request.variables);
          } catch (error) {
            throw new GraphQLError((error as Error).message, { originalError: error as Error, extensions: { http: { status: 400 } } });
          }
        },
      };
    },
  };
}
