import type { CodegenConfig } from '@graphql-codegen/cli';

// Reads the emitted SDL file, never a running server (STYLE.md rule 9). One self-contained
// output file keeps the NodeNext build free of relative imports. typescript-operations v6
// emits the enums and inputs the operations use itself, so the `typescript` plugin is left out
// (with it, every used enum is declared twice).
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['operations/**/*.graphql'],
  emitLegacyCommonJSImports: false,
  overwrite: true,
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        scalars: { DateTime: 'string' },
        strictScalars: true,
        enumType: 'string-literal',
        useTypeImports: true,
      },
    },
  },
};

export default config;
