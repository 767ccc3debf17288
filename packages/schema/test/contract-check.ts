import {
  buildASTSchema,
  findBreakingChanges,
  Kind,
  parse,
  visit,
  type BreakingChange,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * Contract coordinates, one per line in contract-pending.txt: `Type` (a whole type not built
 * yet), `Type.field`, `Type.field(arg:)` or `Enum.VALUE`.
 */
export function parsePending(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** The contract less what is pending: what the emitted schema must already honour. */
export function contractWithoutPending(contract: DocumentNode, pending: string[]): GraphQLSchema {
  const set = new Set(pending);
  let typeName = '';
  let fieldName = '';
  const trimmed = visit(contract, {
    enter(node) {
      switch (node.kind) {
        case Kind.OBJECT_TYPE_DEFINITION:
        case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        case Kind.ENUM_TYPE_DEFINITION:
        case Kind.INTERFACE_TYPE_DEFINITION:
        case Kind.UNION_TYPE_DEFINITION:
        case Kind.SCALAR_TYPE_DEFINITION:
          typeName = node.name.value;
          return set.has(typeName) ? null : undefined;
        case Kind.FIELD_DEFINITION:
        case Kind.INPUT_VALUE_DEFINITION:
          if (node.kind === Kind.FIELD_DEFINITION) fieldName = node.name.value;
          if (node.kind === Kind.INPUT_VALUE_DEFINITION && fieldName && set.has(`${typeName}.${fieldName}(${node.name.value}:)`)) return null;
          return set.has(`${typeName}.${node.name.value}`) ? null : undefined;
        case Kind.ENUM_VALUE_DEFINITION:
          return set.has(`${typeName}.${node.name.value}`) ? null : undefined;
        default:
          return undefined;
      }
    },
    leave(node) {
      if (node.kind === Kind.FIELD_DEFINITION) fieldName = '';
      return undefined;
    },
  });
  // A type left with no fields (all pending) is pending as a whole.
  const withoutEmpty: DocumentNode = {
    ...trimmed,
    definitions: trimmed.definitions.filter(
      (definition) => !('fields' in definition) || (definition.fields?.length ?? 0) > 0,
    ),
  };
  try {
    return buildASTSchema(withoutEmpty);
  } catch (error) {
    throw new Error(`contract-pending.txt is inconsistent (a built item uses a pending type): ${String(error)}`);
  }
}

/** Pending entries that the emitted schema in fact has: they must leave the list. */
export function implementedPending(emitted: GraphQLSchema, pending: string[]): string[] {
  return pending.filter((coordinate) => {
    const match = /^(\w+)(?:\.(\w+)(?:\((\w+):\))?)?$/.exec(coordinate);
    if (!match) return false;
    const [, type, member, arg] = match;
    const named = emitted.getType(type!);
    if (!named) return false;
    if (!member) return true;
    if ('getValues' in named) return named.getValues().some((value) => value.name === member);
    if (!('getFields' in named)) return false;
    const field = named.getFields()[member];
    if (!field) return false;
    if (!arg) return true;
    return 'args' in field && field.args.some((candidate) => candidate.name === arg);
  });
}

export interface ContractReport {
  breaking: BreakingChange[];
  implementedPending: string[];
  malformedPending: string[];
}

export function checkContract(contractSdl: string, emittedSdl: string, pendingText: string): ContractReport {
  const pending = parsePending(pendingText);
  const emitted = buildASTSchema(parse(emittedSdl));
  return {
    breaking: findBreakingChanges(contractWithoutPending(parse(contractSdl), pending), emitted),
    implementedPending: implementedPending(emitted, pending),
    malformedPending: pending.filter((entry) => !/^(\w+)(?:\.(\w+)(?:\((\w+):\))?)?$/.test(entry)),
  };
}
