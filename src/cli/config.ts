import type { ProviderConfig, ProviderKind } from '../core/types';
import { DEFAULT_PROVIDER_ID, PRESETS, findPreset, providerFromKind } from '../core/providers/presets';
import type { CliArgs } from './args';
import { UsageError } from './args';

/** The provider a command line asks for: a preset, adjusted, or a bare protocol + URL. */
export function resolveProvider(args: CliArgs): ProviderConfig {
  let provider: ProviderConfig;
  if (args.provider) {
    const preset = findPreset(args.provider);
    if (!preset) {
      throw new UsageError(`unknown provider "${args.provider}"; known: ${PRESETS.map((p) => p.id).join(', ')}`);
    }
    provider = { ...preset };
    if (args.kind && args.kind !== preset.kind) provider = sameVendor(preset, args.kind);
  } else if (args.baseUrl) {
    provider = providerFromKind(args.kind ?? 'openai', args.baseUrl, args.model ?? 'default');
  } else if (args.kind) {
    // A protocol with no server named means that protocol's own vendor (or local
    // Ollama); both OpenAI protocols mean OpenAI.
    const own = PRESETS.find((p) => p.id === args.kind && p.kind === args.kind);
    provider = own ? { ...own } : sameVendor(findPreset('openai')!, args.kind);
  } else {
    provider = { ...findPreset(DEFAULT_PROVIDER_ID)! };
  }
  if (args.baseUrl) provider.baseUrl = args.baseUrl;
  if (args.model) provider.model = args.model;
  if (!/^https?:\/\//i.test(provider.baseUrl)) {
    throw new UsageError(`--base-url must start with http:// or https://, not "${provider.baseUrl}"`);
  }
  return provider;
}

/** A preset's server and key, spoken to over another protocol. */
function sameVendor(preset: ProviderConfig, kind: ProviderKind): ProviderConfig {
  return {
    ...providerFromKind(kind, preset.baseUrl, preset.model, preset.id),
    apiKeyEnv: preset.apiKeyEnv,
    needsKey: preset.needsKey,
    maxTokensField: preset.maxTokensField,
    headers: preset.headers,
  };
}

/**
 * THINKSTREAM_API_KEY first, then the preset's own variable. A bare --base-url
 * never picks up a vendor's key, so it cannot be sent to a server it was not made for.
 */
export function resolveApiKey(provider: ProviderConfig, env: NodeJS.ProcessEnv): { key?: string; tried: string[] } {
  const tried = ['THINKSTREAM_API_KEY', ...(provider.apiKeyEnv ?? [])];
  for (const name of tried) {
    const v = env[name]?.trim();
    if (v) return { key: v, tried };
  }
  return { tried };
}

/**
 * Every key the environment holds for any provider: none of them may show in what
 * the CLI prints, whichever one this request sends (or none, for a replay).
 */
export function keysInEnvironment(env: NodeJS.ProcessEnv): string[] {
  const names = new Set(['THINKSTREAM_API_KEY', ...PRESETS.flatMap((p) => p.apiKeyEnv ?? [])]);
  return [...names].map((name) => env[name]?.trim() ?? '').filter((v) => v !== '');
}
