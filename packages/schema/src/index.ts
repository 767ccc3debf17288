export { ErrorCode, isKnownErrorCode } from './error-codes.js';
export * from './generated/graphql.js';
