// Where to cut a recorded answer so the fault lands in a chosen phase, and exactly
// what reasoning and answer a person must still see afterwards. The oracle is the
// core decoder fed the same prefix: only whole events precede each cut, so the
// partial text is defined by the bytes alone, not by timing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StreamDecoder } from '../../../src/core/providers/decoder';
import type { ProviderKind } from '../../../src/core/types';
import { findFixturesDir } from '../../support/fixtureCatalog';

export interface Cut {
  /** Bytes before the cut: whole events only. */
  bytes: number;
  reasoning: string;
  content: string;
}

export interface FixtureExpectation {
  kind: ProviderKind;
  reasoning: string;
  content: string;
  error: { messageIncludes: string } | null;
}

const dir = findFixturesDir();
const cache = new Map<string, Buffer>();

export function fixtureBytes(name: string): Buffer {
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = fs.readFileSync(path.join(dir, name));
    cache.set(name, bytes);
  }
  return bytes;
}

export const manifest: Record<string, FixtureExpectation> = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

/** The first event boundary at which `wanted` holds for the text decoded so far. */
export function cutWhere(name: string, wanted: (soFar: { reasoning: string; content: string }) => boolean): Cut {
  const bytes = fixtureBytes(name);
  const kind = manifest[name].kind;
  // A blank line ends an SSE event whatever the line ending; a newline ends an NDJSON line.
  const separator = kind === 'ollama' ? /\n/g : /\r\n\r\n|\n\n|\r\r/g;
  const text = bytes.toString('latin1');
  let reasoning = '';
  let content = '';
  const decoder = new StreamDecoder({
    kind,
    emit: (e) => {
      if (e.type === 'reasoning') reasoning += e.text;
      else if (e.type === 'content') content += e.text;
    },
  });
  let from = 0;
  for (;;) {
    separator.lastIndex = from;
    const found = separator.exec(text);
    if (!found) throw new Error(`${name}: no event boundary satisfies the cut`);
    const end = found.index + found[0].length;
    decoder.push(bytes.subarray(from, end));
    from = end;
    if (wanted({ reasoning, content })) return { bytes: end, reasoning, content };
  }
}

/** Well into the reasoning, before any answer. */
export function midReasoning(name: string): Cut {
  return cutWhere(name, (s) => s.reasoning.length >= 200 && s.content === '');
}

/** Well into the answer. */
export function midAnswer(name: string): Cut {
  return cutWhere(name, (s) => s.content.length >= 200);
}
