// Every `thinkstream.*` setting read in one place, with the values sanitised.
import * as vscode from 'vscode';
import { DEFAULT_PROVIDER_ID } from '../core/providers/presets';
import { parseReasoning } from '../core/providers/request';
import { DEFAULT_RETRY, DEFAULT_TIMEOUTS, type LimitNames, type ProviderConfig, type ReasoningRequest, type TimeoutSettings } from '../core/types';
import type { ReasoningDisplay } from '../protocol';
import { buildCatalog, type ProviderCatalog } from './providerCatalog';

export type MirrorMode = 'off' | 'answer' | 'answerAndReasoning';

export const SECTION = 'thinkstream';

/** Timeout messages in VS Code name the setting that changes the limit. */
export const SETTING_LIMIT_NAMES: LimitNames = {
  connect: 'the setting thinkstream.timeouts.connect',
  'first-byte': 'the setting thinkstream.timeouts.firstByte',
  idle: 'the setting thinkstream.timeouts.idle',
  'no-data': 'the setting thinkstream.timeouts.noData',
};

export const DEFAULT_EXPLAIN_TEMPLATE =
  'Explain what this ${language} code from ${file} (lines ${startLine}-${endLine}) does, step by step, and point out anything surprising or wrong.\n\n```${language}\n${code}\n```';

export interface ResolvedProvider {
  provider: ProviderConfig;
  /** False when the active id names no provider and the default stands in. */
  found: boolean;
}

export class Settings {
  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /**
   * Where requests go, and so where keys go, comes from user settings only: a cloned
   * repository's .vscode/settings.json must not be able to point a stored key elsewhere.
   */
  private userOnly<T>(key: string): T | undefined {
    const seen = this.config.inspect<T>(key);
    return seen?.globalValue ?? seen?.defaultValue;
  }

  catalog(): ProviderCatalog {
    return buildCatalog(this.userOnly<unknown[]>('providers'));
  }

  activeProviderId(): string {
    const id = this.userOnly<string>('activeProvider');
    return typeof id === 'string' && id.trim() ? id.trim() : DEFAULT_PROVIDER_ID;
  }

  /** The provider the next request goes to, with the model override applied. */
  activeProvider(): ResolvedProvider {
    const { providers } = this.catalog();
    const wanted = this.activeProviderId();
    const match = providers.find((p) => p.id === wanted);
    const provider = { ...(match ?? providers.find((p) => p.id === DEFAULT_PROVIDER_ID)!) };
    const model = this.config.get<string>('model', '').trim();
    if (model) provider.model = model;
    return { provider, found: match !== undefined };
  }

  temperature(): number | undefined {
    const t = this.config.get<number | null>('temperature', null);
    return typeof t === 'number' && Number.isFinite(t) ? t : undefined;
  }

  maxTokens(): number | undefined {
    const n = this.config.get<number | null>('maxTokens', null);
    return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
  }

  /** An unreadable value asks for nothing rather than failing every request. */
  reasoning(): ReasoningRequest | undefined {
    try {
      return parseReasoning(this.config.get<string>('reasoning', 'default').trim());
    } catch {
      return undefined;
    }
  }

  systemPrompt(): string | undefined {
    return this.config.get<string>('systemPrompt', '').trim() || undefined;
  }

  explainTemplate(): string {
    return this.config.get<string>('explainTemplate', '').trim() || DEFAULT_EXPLAIN_TEMPLATE;
  }

  includeSelectionInAsk(): boolean {
    return this.config.get<boolean>('includeSelectionInAsk', true);
  }

  timeouts(): TimeoutSettings {
    return {
      connectMs: this.positive('timeouts.connect', DEFAULT_TIMEOUTS.connectMs),
      firstByteMs: this.positive('timeouts.firstByte', DEFAULT_TIMEOUTS.firstByteMs),
      idleMs: this.positive('timeouts.idle', DEFAULT_TIMEOUTS.idleMs),
      noDataMs: this.positive('timeouts.noData', DEFAULT_TIMEOUTS.noDataMs),
    };
  }

  retries(): number {
    const n = this.config.get<number>('retries', DEFAULT_RETRY.maxRetries);
    return Number.isInteger(n) && n >= 0 ? Math.min(n, 10) : DEFAULT_RETRY.maxRetries;
  }

  mirror(): MirrorMode {
    // Off unless chosen: other extensions can read output channels, and the transcript is the conversation.
    const m = this.config.get<string>('outputChannel.mirror', 'off');
    return m === 'answer' || m === 'answerAndReasoning' ? m : 'off';
  }

  reasoningDisplay(): ReasoningDisplay {
    const d = this.config.get<string>('reasoningDisplay', 'auto');
    return d === 'expanded' || d === 'collapsed' || d === 'hidden' ? d : 'auto';
  }

  /** VS Code's own proxy setting, which our undici client would otherwise ignore. */
  proxy(): string | undefined {
    const p = vscode.workspace.getConfiguration('http').get<string>('proxy', '').trim();
    return p || undefined;
  }

  /** VS Code's list of hosts that skip the proxy, in NO_PROXY syntax. */
  noProxy(): string | undefined {
    const list = vscode.workspace.getConfiguration('http').get<string[]>('noProxy', []);
    return Array.isArray(list) && list.length > 0 ? list.join(',') : undefined;
  }

  async setActive(providerId: string, model: string): Promise<void> {
    await this.config.update('activeProvider', providerId, vscode.ConfigurationTarget.Global);
    await this.config.update('model', model, vscode.ConfigurationTarget.Global);
  }

  private positive(key: string, fallback: number): number {
    const n = this.config.get<number>(key, fallback);
    return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : fallback;
  }
}
