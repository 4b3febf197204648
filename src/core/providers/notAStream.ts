// A 200 whose body never contained one event: an empty body, or plain text from a
// server or proxy that is not the model. Said as what it is, not as a stream that
// "closed before the model finished", which sends people hunting network faults.
import type { StreamEvent } from '../types';

/** Characters of the body kept to quote back; enough to recognise a page or a message. */
export const BODY_SAMPLE_CHARS = 160;

export function notAStreamError(sample: string, contentType: string | undefined): StreamEvent {
  // Binary noise shows as one placeholder per run, not as control characters.
  const text = sample.replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd]+/g, '�').replace(/\s+/g, ' ').trim();
  const type = contentType?.split(';')[0].trim();
  if (text === '') {
    return {
      type: 'error',
      message: 'The server answered with an empty body instead of an event stream — check the base URL, and that the server streams.',
      kind: 'parse',
      retryable: false,
    };
  }
  const quoted = text.length > 120 ? `${text.slice(0, 119)}…` : text;
  const what = type && !type.includes('event-stream') ? `answered with ${type}` : 'sent no event';
  return {
    type: 'error',
    message: `The server ${what} instead of an event stream: "${quoted}" — check the base URL.`,
    kind: 'parse',
    retryable: false,
  };
}
