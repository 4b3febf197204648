// Select Model: a provider, then (when the server can say) one of its models. Writes
// user settings only: the endpoint must not come from a workspace.
import * as vscode from 'vscode';
import type { ProviderConfig } from '../../core/types';
import { listModels } from '../modelLister';
import { originOf } from '../providerCatalog';
import type { CommandDeps } from './deps';
import { providerItems } from './pickProvider';
import { plainText } from '../plainText';

export function registerSelectModel(d: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand('thinkstream.selectModel', async (): Promise<void> => {
    const picked = await vscode.window.showQuickPick(providerItems(d.settings), {
      title: 'Thinkstream: Select Model',
      placeHolder: 'Choose a provider',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return;
    const provider = picked.provider;
    const model = provider.listsModels || provider.models?.length ? await pickModel(d, provider) : provider.model;
    if (model === undefined) return;
    // The provider's own model is stored as "" so a later change to it is followed.
    await d.settings.setActive(provider.id, model === provider.model ? '' : model);
    d.controller.refreshIdleStatus();
    d.log.info(`Active model: ${provider.id} · ${model}`);
  });
}

/** A row of the model list; the label is for show, the name is what gets saved and sent. */
interface ModelItem extends vscode.QuickPickItem {
  name: string;
}

function modelItem(name: string, description?: string): ModelItem {
  // Model names come from the server's /models answer: shown as plain text only.
  return { label: plainText(name), description, name };
}

async function pickModel(d: CommandDeps, provider: ProviderConfig): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<ModelItem>();
  pick.title = `${plainText(provider.label ?? provider.id)}: choose a model`;
  pick.ignoreFocusOut = false;
  const known = (provider.models ?? []).filter((m) => m !== provider.model);
  pick.items = [modelItem(provider.model, 'preset'), ...known.map((name) => modelItem(name, 'well known'))];
  pick.placeholder = provider.listsModels ? `Loading models from ${originOf(provider.baseUrl)}…` : 'Choose a model, or type another name';
  pick.busy = provider.listsModels === true;
  pick.show();
  try {
    const loading = !provider.listsModels ? Promise.resolve() : listModels(provider, await d.keys.get(provider), d.settings.proxy(), d.settings.noProxy()).then(
      (names) => {
        const rest = names.filter((n) => n !== provider.model);
        pick.items = [modelItem(provider.model, names.includes(provider.model) ? 'preset' : 'preset · not listed by the server'), ...rest.map((name) => modelItem(name))];
        pick.placeholder = `${names.length} model(s) at ${originOf(provider.baseUrl)}; type to filter`;
      },
      (err: unknown) => {
        const why = plainText(err instanceof Error ? err.message : String(err));
        d.log.warn(`Listing models at ${originOf(provider.baseUrl)} failed: ${why}`);
        pick.placeholder = `Could not list models (${why}); keeping ${plainText(provider.model)}`;
        void vscode.window.showWarningMessage(`Could not list the models of ${plainText(provider.label ?? provider.id)}: ${why}. Keeping ${plainText(provider.model)}.`);
      },
    );
    void loading.finally(() => (pick.busy = false));
    return await new Promise<string | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0]?.name ?? (pick.value.trim() || undefined)));
      pick.onDidHide(() => resolve(undefined));
    });
  } finally {
    pick.dispose();
  }
}
