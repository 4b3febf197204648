// Set / Clear API Key. Keys go to SecretStorage only, bound to the origin shown here,
// and are never echoed back anywhere. Both commands return nothing, so a caller
// cannot even learn whether a key is stored.
import * as vscode from 'vscode';
import { originOf } from '../providerCatalog';
import type { CommandDeps } from './deps';
import { pickProvider } from './pickProvider';
import { plainText } from '../plainText';

export function registerApiKeyCommands(d: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('thinkstream.setApiKey', async (providerId?: unknown): Promise<void> => {
      const provider = await pickProvider(d.settings, 'Set the API key of which provider?', providerId);
      if (!provider) return;
      const origin = originOf(provider.baseUrl);
      const key = await vscode.window.showInputBox({
        title: `API key for ${plainText(provider.label ?? provider.id)}`,
        prompt: `Stored in VS Code's secret storage and sent only to ${origin}.`,
        placeHolder: 'Paste the key',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? 'The key is empty' : /\s/.test(v.trim()) ? 'A key has no spaces' : undefined),
      });
      if (!key?.trim()) return;
      await d.keys.set(provider, key);
      d.log.info(`API key stored for ${provider.id} at ${origin}`);
      void vscode.window.showInformationMessage(plainText(`API key saved for ${provider.label ?? provider.id} (${origin}).`));
    }),
    vscode.commands.registerCommand('thinkstream.clearApiKey', async (providerId?: unknown): Promise<void> => {
      const provider = await pickProvider(d.settings, 'Clear the API key of which provider?', providerId);
      if (!provider) return;
      const origin = originOf(provider.baseUrl);
      const had = await d.keys.has(provider);
      await d.keys.delete(provider);
      d.log.info(`API key cleared for ${provider.id} at ${origin}`);
      const name = plainText(provider.label ?? provider.id);
      void vscode.window.showInformationMessage(had ? `API key removed for ${name} (${origin}).` : `No API key was stored for ${name} (${origin}).`);
    }),
  ];
}
