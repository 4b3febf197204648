// API keys in SecretStorage, each bound to the endpoint origin it was entered for:
// when a provider's baseUrl later points at another server, the lookup misses and
// the key is never sent there.
import type * as vscode from 'vscode';
import { originOf } from './providerCatalog';

export interface KeyTarget {
  id: string;
  baseUrl: string;
}

export class SecretKeys {
  constructor(private readonly storage: vscode.SecretStorage) {}

  static storageKey(target: KeyTarget): string {
    return `thinkstream.key:${target.id}@${originOf(target.baseUrl)}`;
  }

  async get(target: KeyTarget): Promise<string | undefined> {
    const key = await this.storage.get(SecretKeys.storageKey(target));
    return key?.trim() || undefined;
  }

  async set(target: KeyTarget, key: string): Promise<void> {
    await this.storage.store(SecretKeys.storageKey(target), key.trim());
  }

  async delete(target: KeyTarget): Promise<void> {
    await this.storage.delete(SecretKeys.storageKey(target));
  }

  async has(target: KeyTarget): Promise<boolean> {
    return (await this.get(target)) !== undefined;
  }
}
