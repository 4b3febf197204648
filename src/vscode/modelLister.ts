// Asks a server which models it has, through the same transport as chat requests so
// the proxy and timeouts apply. A picker must not hang on a dead server: a few seconds, no retries.
import { joinUrl, providerHeaders } from '../core/providers/request';
import { setBearerKey } from '../core/providers/requestParts';
import { openStream } from '../core/transport';
import type { ProviderConfig } from '../core/types';

const LIST_TIMEOUT_MS = 5000;

const LIST_PATH = new Map<string, string>([
  ['ollama', '/api/tags'],
  ['gemini', '/v1beta/models?pageSize=1000'],
]);
const MAX_LIST_BYTES = 4 * 1024 * 1024;

export async function listModels(
  provider: ProviderConfig,
  apiKey: string | undefined,
  proxy: string | undefined,
  noProxy?: string,
): Promise<string[]> {
  const url = joinUrl(provider.baseUrl, LIST_PATH.get(provider.kind) ?? '/models');
  const headers = providerHeaders(provider);
  headers.accept = 'application/json';
  // Gemini takes its key in a header of its own, never in the URL.
  if (apiKey) {
    if (provider.kind === 'gemini') headers['x-goog-api-key'] = apiKey;
    else setBearerKey(headers, provider, apiKey);
  }
  const signal = AbortSignal.timeout(LIST_TIMEOUT_MS * 2);
  const res = await openStream(
    { url, method: 'GET', headers },
    {
      timeouts: { connectMs: LIST_TIMEOUT_MS, firstByteMs: LIST_TIMEOUT_MS, idleMs: LIST_TIMEOUT_MS },
      retry: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 },
      signal,
      proxy,
      noProxy,
      secrets: apiKey ? [apiKey] : [],
      providerKind: provider.kind,
    },
  );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > MAX_LIST_BYTES) throw new Error('the model list is implausibly large');
    chunks.push(Buffer.from(chunk));
  }
  return modelNames(JSON.parse(Buffer.concat(chunks).toString('utf8')));
}

/**
 * OpenAI's {data:[{id}]}, Ollama's {models:[{name}]} and Gemini's
 * {models:[{name:"models/…", supportedGenerationMethods}]}, sorted for the picker.
 */
export function modelNames(body: unknown): string[] {
  const b = body as { data?: unknown; models?: unknown };
  const entries = Array.isArray(b?.data) ? b.data : Array.isArray(b?.models) ? b.models : [];
  const names = entries
    .filter((e: unknown) => {
      // Gemini also lists embedding and other models that cannot chat.
      const methods = (e as { supportedGenerationMethods?: unknown })?.supportedGenerationMethods;
      return !Array.isArray(methods) || methods.includes('streamGenerateContent') || methods.includes('generateContent');
    })
    .map((e: unknown) => {
      const m = e as { id?: unknown; name?: unknown; model?: unknown };
      const name = typeof m?.id === 'string' ? m.id : typeof m?.name === 'string' ? m.name : typeof m?.model === 'string' ? m.model : undefined;
      return name?.replace(/^models\//, '');
    })
    .filter((n): n is string => typeof n === 'string' && n.length > 0);
  return [...new Set(names)].sort((a, b) => a.localeCompare(b));
}
