// Rewrites of a response body that reproduce what proxies and odd servers do to a
// stream before it reaches the client.

export interface BodyFaults {
  crlf?: boolean;
  cr?: boolean;
  bom?: boolean;
  commentsEvery?: number;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function applyBodyFaults(body: Buffer, faults: BodyFaults, sse: boolean): Buffer {
  if (!faults.crlf && !faults.cr && !faults.bom && !faults.commentsEvery) return body;
  // latin1 maps bytes 1:1, so multi-byte characters survive the round trip untouched.
  let text = body.toString('latin1');
  if (faults.commentsEvery && faults.commentsEvery > 0 && sse) text = injectComments(text, faults.commentsEvery);
  if (faults.crlf || faults.cr) {
    const eol = faults.crlf ? '\r\n' : '\r';
    text = text.replace(/\r\n|\r|\n/g, eol);
  }
  const out = Buffer.from(text, 'latin1');
  return faults.bom ? Buffer.concat([BOM, out]) : out;
}

/** Adds a ": keep-alive" comment after every `every` events, in the body's own line ending. */
function injectComments(text: string, every: number): string {
  let seen = 0;
  return text.replace(/\r\n\r\n|\n\n|\r\r/g, (blank) => {
    seen++;
    if (seen % every !== 0) return blank;
    const eol = blank.slice(0, blank.length / 2);
    return `${blank}: keep-alive${eol}${eol}`;
  });
}
