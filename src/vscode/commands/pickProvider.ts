import * as vscode from 'vscode';
import type { ProviderConfig } from '../../core/types';
import { originOf } from '../providerCatalog';
import type { Settings } from '../settings';
import { providerIdArgument } from './arguments';
import { plainText } from '../plainText';

export interface ProviderItem extends vscode.QuickPickItem {
  provider: ProviderConfig;
}

/** Quick-pick rows for every provider, the active one first and marked. */
export function providerItems(settings: Settings): ProviderItem[] {
  const activeId = settings.activeProviderId();
  const items = settings.catalog().providers.map(
    (p): ProviderItem => ({
      label: `${p.id === activeId ? '$(check) ' : ''}${plainText(p.label ?? p.id)}`,
      description: `${p.kind} · ${originOf(p.baseUrl)}`,
      detail: plainText(p.id === activeId ? `${settings.activeProvider().provider.model} (active)` : p.model),
      provider: p,
    }),
  );
  return [...items.filter((i) => i.provider.id === activeId), ...items.filter((i) => i.provider.id !== activeId)];
}

/**
 * A command argument may name one of the user's own providers instead of asking; an
 * id the catalog does not hold finds nothing, and an object (a made-up provider with
 * its own baseUrl) is not an id at all.
 */
export async function pickProvider(settings: Settings, placeHolder: string, providerId?: unknown): Promise<ProviderConfig | undefined> {
  const items = providerItems(settings);
  if (providerId !== undefined) {
    const id = providerIdArgument(providerId);
    return id === undefined ? undefined : items.find((i) => i.provider.id === id)?.provider;
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.provider;
}
