// The webview's only channel to the extension host, typed with the shared protocol.
import type { WebviewMessage } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface ViewState {
  draft: string;
}

export interface HostChannel {
  post(message: WebviewMessage): void;
  loadState(): ViewState;
  saveState(state: ViewState): void;
}

/** acquireVsCodeApi may be called only once per page load. */
export function connectToHost(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    loadState: () => {
      const state = api.getState() as Partial<ViewState> | undefined;
      return { draft: typeof state?.draft === 'string' ? state.draft : '' };
    },
    saveState: (state) => api.setState(state),
  };
}
