export { ErrorCode, isKnownErrorCode } from './error-codes.js';
export * from './generated/graphql.js';
export { startLiveFeed, type FeedEvent, type FeedStatus, type LiveFeed, type LiveFeedOptions, type SubscribeFn } from './live-feed.js';
