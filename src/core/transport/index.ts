export { openStream, MAX_ERROR_BODY_BYTES } from './http';
export type { HttpRequestSpec, TransportOptions, StreamingResponse, RetryInfo } from './http';
export { RequestError, describeHttpError, isRequestError } from './errors';
export type { ErrorKind, TimeoutPhase } from './errors';
export { isRetryable } from './retry';
export { redactSecrets } from './redact';
