// The typed REST client, generated from the server's OpenAPI document, and the realtime subscription.
export { type ApiClient, type ApiClientOptions, createApiClient } from './api-client.ts';
export { bearerAuth, csrfHeader, sessionAuth, type TokenSource } from './auth.ts';
export { type BackoffPolicy, backoffDelay, defaultBackoff } from './backoff.ts';
export { ApiError, type ErrorBody, type ErrorCode, StreamProtocolError } from './errors.ts';
export {
  defaultKeep,
  type FollowOptions,
  followStream,
  initialStreamState,
  type StreamState,
} from './follow-stream.ts';
export type { components, operations, paths } from './generated/api-schema.ts';
export { type Sleep, sleep } from './sleep.ts';
export { type SseComment, type SseEvent, type SseItem, SseParser, type SseRetry } from './sse-parser.ts';
export {
  allStreams,
  type EntryOf,
  type EntryTypes,
  type StreamDropped,
  type StreamEntry,
  type StreamGap,
  type StreamName,
  type StreamSelector,
} from './stream-entry.ts';
export {
  type ReconnectInfo,
  type StreamHandlers,
  type SubscribeOptions,
  streamUrl,
  subscribe,
} from './subscribe.ts';
export { type ApiResult, unwrap } from './unwrap.ts';
