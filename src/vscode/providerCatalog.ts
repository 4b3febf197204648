// Turns the user's `thinkstream.providers` entries into ProviderConfigs. Settings
// JSON is hand-edited, so every field is checked here rather than trusted.
import { PRESETS, providerFromKind } from '../core/providers/presets';
import { PROVIDER_KINDS as KINDS, type InlineThinkMode, type ProviderConfig, type ProviderKind, type ReasoningReplay, type ReasoningStyle } from '../core/types';

const STYLES: readonly ReasoningStyle[] = ['reasoning_effort', 'openrouter', 'anthropic_thinking', 'ollama_think', 'responses_summary', 'gemini_thinking', 'none'];
const REPLAYS: readonly ReasoningReplay[] = ['omit', 'reasoning_content', 'anthropic_signed', 'ollama_thinking', 'responses_encrypted', 'gemini_signature'];
const INLINE: readonly InlineThinkMode[] = ['auto', 'open', 'off'];

export interface ProviderCatalog {
  providers: ProviderConfig[];
  /** One sentence per entry that was skipped, for the log. */
  problems: string[];
}

export function buildCatalog(configured: unknown): ProviderCatalog {
  const providers = PRESETS.map((p) => ({ ...p }));
  const problems: string[] = [];
  if (!Array.isArray(configured)) return { providers, problems };
  for (const [index, entry] of configured.entries()) {
    const result = fromEntry(entry);
    if (typeof result === 'string') {
      problems.push(`thinkstream.providers[${index}]: ${result}`);
      continue;
    }
    const at = providers.findIndex((p) => p.id === result.id);
    if (at >= 0) providers[at] = result;
    else providers.push(result);
  }
  return { providers, problems };
}

function fromEntry(entry: unknown): ProviderConfig | string {
  if (typeof entry !== 'object' || entry === null) return 'not an object';
  const e = entry as Record<string, unknown>;
  if (typeof e.id !== 'string' || e.id.trim() === '') return 'needs an "id"';
  if (typeof e.kind !== 'string' || !KINDS.includes(e.kind as ProviderKind)) return `"kind" must be one of ${KINDS.join(', ')}`;
  if (typeof e.baseUrl !== 'string' || !isHttpUrl(e.baseUrl)) return '"baseUrl" must be an http(s) URL';
  if (typeof e.model !== 'string' || e.model.trim() === '') return 'needs a "model"';
  const id = e.id.trim();
  const kind = e.kind as ProviderKind;
  const preset = PRESETS.find((p) => p.id === id);
  // Overriding a preset keeps what only the preset knows (key variables, quirks) unless
  // the protocol itself changed, where those quirks no longer apply.
  const base: ProviderConfig = preset && preset.kind === kind ? { ...preset } : providerFromKind(kind, e.baseUrl, e.model, id);
  const out: ProviderConfig = { ...base, id, kind, baseUrl: e.baseUrl.trim(), model: e.model.trim() };
  if (typeof e.label === 'string' && e.label.trim()) out.label = e.label.trim();
  if (typeof e.needsKey === 'boolean') out.needsKey = e.needsKey;
  if (typeof e.streamOptions === 'boolean') out.streamOptions = e.streamOptions;
  if (STYLES.includes(e.reasoningStyle as ReasoningStyle)) out.reasoningStyle = e.reasoningStyle as ReasoningStyle;
  if (REPLAYS.includes(e.reasoningReplay as ReasoningReplay)) out.reasoningReplay = e.reasoningReplay as ReasoningReplay;
  if (INLINE.includes(e.inlineThink as InlineThinkMode)) out.inlineThink = e.inlineThink as InlineThinkMode;
  if (typeof e.apiKeyHeader === 'string' && /^[A-Za-z0-9-]+$/.test(e.apiKeyHeader)) out.apiKeyHeader = e.apiKeyHeader;
  if (isStringRecord(e.headers)) out.headers = { ...base.headers, ...e.headers };
  out.listsModels = preset && preset.kind === kind ? preset.listsModels : kind !== 'anthropic';
  return out;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value.trim());
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** Scheme, host and port only: what a key is bound to and all a log may show. */
export function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return 'invalid-url';
  }
}
