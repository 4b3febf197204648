// Which fixture answers a request when no scenario was enqueued, and the model lists
// the fake server advertises. A process that cannot enqueue (an extension under test,
// the demo) chooses a fixture simply by naming it as the model.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type ChatRoute = 'openai' | 'responses' | 'anthropic' | 'gemini' | 'ollama';

export const CHAT_ROUTES: readonly ChatRoute[] = ['openai', 'responses', 'anthropic', 'gemini', 'ollama'];

const EXTENSION: Record<ChatRoute, string> = { openai: '.sse', responses: '.sse', anthropic: '.sse', gemini: '.sse', ollama: '.ndjson' };

/** The long realistic transcripts answer any model name that is not a fixture. */
export const LONG_TRANSCRIPT: Record<ChatRoute, string> = {
  openai: 'openai/long-deepseek.sse',
  responses: 'responses/long-gpt5.sse',
  anthropic: 'anthropic/long-claude.sse',
  gemini: 'gemini/long-gemini.sse',
  ollama: 'ollama/long-qwen.ndjson',
};

/** test/fixtures, whether this file runs compiled (out/test/support) or from source. */
export function findFixturesDir(): string {
  const candidates = [resolve(__dirname, '../fixtures'), resolve(__dirname, '../../../test/fixtures')];
  const found = candidates.find((dir) => existsSync(join(dir, 'manifest.json')));
  if (!found) throw new Error(`fixtures not found in ${candidates.join(' or ')}`);
  return found;
}

export class FixtureCatalog {
  private readonly cache = new Map<string, Buffer>();
  private readonly names: Record<ChatRoute, string[]>;

  constructor(readonly dir: string) {
    this.names = Object.fromEntries(CHAT_ROUTES.map((r) => [r, this.list(r)])) as Record<ChatRoute, string[]>;
  }

  /** "deepseek-reasoner" on the OpenAI route → openai/deepseek-reasoner.sse. */
  fixtureFor(route: ChatRoute, model: unknown): string {
    if (typeof model === 'string' && this.names[route].includes(model)) return `${route}/${model}${EXTENSION[route]}`;
    return LONG_TRANSCRIPT[route];
  }

  /** Model names the route understands: its fixtures' base names, long transcript first. */
  models(route: ChatRoute): string[] {
    const long = LONG_TRANSCRIPT[route].slice(route.length + 1).replace(/\.[a-z]+$/, '');
    return [long, ...this.names[route].filter((n) => n !== long)];
  }

  read(fixture: string): Buffer {
    let body = this.cache.get(fixture);
    if (!body) {
      body = readFileSync(join(this.dir, fixture));
      this.cache.set(fixture, body);
    }
    return body;
  }

  private list(route: ChatRoute): string[] {
    const dir = join(this.dir, route);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith(EXTENSION[route]))
      .map((f) => f.slice(0, -EXTENSION[route].length))
      .sort();
  }
}

export function openAiModelList(ids: string[]): unknown {
  return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1748000000, owned_by: 'fake-provider' })) };
}

export function anthropicModelList(ids: string[]): unknown {
  const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-05-22T00:00:00Z' }));
  return { data, has_more: false, first_id: ids[0] ?? null, last_id: ids[ids.length - 1] ?? null };
}

export function geminiModelList(ids: string[]): unknown {
  return {
    models: ids.map((id) => ({
      name: `models/${id}`,
      version: '001',
      displayName: id,
      inputTokenLimit: 1048576,
      outputTokenLimit: 65536,
      supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
      thinking: true,
    })),
  };
}

export function ollamaTags(names: string[]): unknown {
  return {
    models: names.map((name) => ({
      name,
      model: name,
      modified_at: '2025-06-01T09:00:00.000000000Z',
      size: 5225388164,
      digest: 'a3de86cd1c132c822487ededd47a324c50491393e6565cd14bafa40d0b8e686f',
      details: { parent_model: '', format: 'gguf', family: 'qwen3', families: ['qwen3'], parameter_size: '8.2B', quantization_level: 'Q4_K_M' },
    })),
  };
}
