export { openStream, MAX_ERROR_BODY_BYTES } from './http';
export type { HttpRequestSpec, TransportOptions, StreamingResponse, RetryInfo } from './http';
export { TransportError, describeHttpError, isTransportError } from './errors';
export type { TransportErrorKind } from './errors';
export { redactSecrets } from './redact';
