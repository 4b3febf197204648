// Transport code redacts through the shared redactor; see core/redact.
export { REDACTED, redactSecrets } from '../redact';
