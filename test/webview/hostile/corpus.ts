// Loads the hostile corpus (corpus.json, kept as data so it can grow without code).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface HostilePayload {
  id: string;
  kind: string;
  text: string;
  /** Fragments that must stay visible, as text, in the rendered answer. */
  shows: string[];
}

interface Entry {
  id: string;
  kind: string;
  text?: string;
  parts?: [string, number][];
  shows?: string[];
}

const FILE = path.resolve(__dirname, '../../../../test/webview/hostile/corpus.json');

export function loadCorpus(): HostilePayload[] {
  const { payloads } = JSON.parse(fs.readFileSync(FILE, 'utf8')) as { payloads: Entry[] };
  return payloads.map((p) => ({
    id: p.id,
    kind: p.kind,
    text: p.text ?? (p.parts ?? []).map(([s, n]) => s.repeat(n)).join(''),
    shows: p.shows ?? [],
  }));
}
