export { backoff, backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffJitter, type BackoffOptions } from './backoff.js';
export { CloseReason } from './close-reasons.js';
export { ErrorCode, isKnownErrorCode } from './error-codes.js';
export { DEFAULT_CAPACITY, INPUT_LIMITS, looksLikeEmail } from './input-limits.js';
export * from './generated/graphql.js';
export {
  DISPATCH_FAILED_CLOSE_CODE,
  isResumableClose,
  startLiveFeed,
  type FeedEvent,
  type FeedGraphQLError,
  type FeedStatus,
  type FeedTransport,
  type LiveFeed,
  type LiveFeedOptions,
  type SubscribeFn,
} from './live-feed.js';
