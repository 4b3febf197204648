import type { Page } from 'playwright-core';
import type { FakeProvider } from '../support/fakeProvider';

export interface ScenarioContext {
  page: Page;
  serverUrl: string;
  /** The sample workspace the workbench has open. */
  workspace: string;
  /**
   * The provider the extension is configured to use (provider id `fake`). Its queue
   * and recorded requests are emptied before each scenario, so `requests[0]` is the
   * scenario's own first request.
   */
  fake: FakeProvider;
  /** Saves test-results/NAME.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Names what the scenario is doing, so a failure says which step broke. */
  step<T>(name: string, run: () => Promise<T>): Promise<T>;
}

/**
 * Every function exported from a file in scenarios/ is one e2e scenario; they run
 * in file order, one after another, in the same workbench. Helpers shared by
 * scenarios live in sub-folders, which the loader does not read.
 */
export type Scenario = (ctx: ScenarioContext) => Promise<void>;
