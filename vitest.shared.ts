import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * graphql 16 has no "exports": Node loads its CommonJS build for type-graphql and Apollo, while
 * Vite would pick its ESM build for our sources, and two copies of graphql refuse each other's
 * types ("from another module or realm"). Point every import of `graphql` at the one Node loads.
 */
export const singleGraphql = [{ find: /^graphql$/, replacement: require.resolve('graphql') }];
