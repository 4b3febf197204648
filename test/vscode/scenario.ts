import type { Page } from 'playwright-core';

export interface ScenarioContext {
  page: Page;
  serverUrl: string;
  /** The sample workspace the workbench has open. */
  workspace: string;
  /** Set when a fake provider runs for this e2e run; the extension is configured to use it. */
  fakeProviderUrl?: string;
  screenshot(name: string): Promise<string>;
}

/**
 * Every function exported from a file in scenarios/ is one e2e scenario; they run
 * in file order, one after another, in the same workbench.
 */
export type Scenario = (ctx: ScenarioContext) => Promise<void>;
