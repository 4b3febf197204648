import { rng } from './stats';

const MODEL = 'deepseek-reasoner';
const ID = 'b1f0c6e2-7d4a-4f7e-9a51-3c2d8e9f0a17';
const CREATED = 1737000000;
const FINGERPRINT = 'fp_3a5770e1b4_prod0225';

// Mixed scripts so multi-byte characters straddle read boundaries, as they do live.
const WORDS = [
  'the', 'function', 'returns', 'a', 'value', 'so', 'we', 'need', 'to', 'check', 'whether',
  'cache', 'is', 'stale', 'Let', 'me', 'think', 'about', 'edge', 'cases', '`null`', 'array',
  '0', '42', '=>', '{', '}', '\\n', '"quoted"', '首先', '考虑', '边界', 'naïve', 'café', '🙂', '—',
];

export interface Transcript {
  bytes: Uint8Array;
  /** SSE data frames that carry a chunk (keep-alive comments and [DONE] excluded). */
  frames: number;
  reasoningChars: number;
  contentChars: number;
}

/**
 * A DeepSeek-reasoner stream as the API sends it: a role chunk, `reasoning_content`
 * deltas, then `content` deltas, keep-alive comments now and then, usage on the
 * finish chunk, and `data: [DONE]`.
 */
export function deepSeekTranscript(frames: number, seed = 1): Transcript {
  const rand = rng(seed);
  const parts: string[] = [];
  let reasoningChars = 0;
  let contentChars = 0;
  const chunk = (delta: object, finish: string | null, usage?: object) =>
    `data: ${JSON.stringify({
      id: ID,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: MODEL,
      system_fingerprint: FINGERPRINT,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(usage ? { usage } : {}),
    })}\n\n`;
  const token = () => {
    const w = WORDS[Math.floor(rand() * WORDS.length)];
    return rand() < 0.8 ? ` ${w}` : w;
  };

  parts.push(chunk({ role: 'assistant', content: null, reasoning_content: '' }, null));
  const deltas = frames - 2;
  const reasoningFrames = Math.floor(deltas * 0.7);
  for (let i = 0; i < deltas; i++) {
    const text = token();
    if (i < reasoningFrames) {
      reasoningChars += text.length;
      parts.push(chunk({ content: null, reasoning_content: text }, null));
    } else {
      contentChars += text.length;
      parts.push(chunk({ content: text, reasoning_content: null }, null));
    }
    if (rand() < 0.002) parts.push(': keep-alive\n\n');
  }
  parts.push(
    chunk({ content: '', reasoning_content: null }, 'stop', {
      prompt_tokens: 812,
      completion_tokens: deltas,
      total_tokens: 812 + deltas,
      prompt_tokens_details: { cached_tokens: 768 },
      completion_tokens_details: { reasoning_tokens: reasoningFrames },
      prompt_cache_hit_tokens: 768,
      prompt_cache_miss_tokens: 44,
    }),
  );
  parts.push('data: [DONE]\n\n');
  return { bytes: new TextEncoder().encode(parts.join('')), frames, reasoningChars, contentChars };
}

/** Cuts bytes into reads of random sizes, ignoring UTF-8 and event boundaries like a socket does. */
export function splitReads(bytes: Uint8Array, minBytes: number, maxBytes: number, seed = 2): Uint8Array[] {
  const rand = rng(seed);
  const reads: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = minBytes + Math.floor(rand() * (maxBytes - minBytes + 1));
    reads.push(bytes.subarray(i, i + n));
    i += n;
  }
  return reads;
}
