// The status-bar item: the active model while idle, a spinner with the phase and the
// seconds elapsed while a request runs. Its one timer exists only while busy.
import * as vscode from 'vscode';
import type { SessionPhase } from '../core/session/session';

const PHASE_WORD: Record<SessionPhase, string> = { waiting: 'Waiting', thinking: 'Thinking', answering: 'Answering' };

export interface ModelIdentity {
  providerLabel: string;
  model: string;
  origin: string;
}

export class StatusBarController implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('thinkstream.status', vscode.StatusBarAlignment.Right, 100);
  private ticker?: ReturnType<typeof setInterval>;
  private startedAt = 0;
  private phase: SessionPhase = 'waiting';
  private running?: ModelIdentity;

  constructor() {
    this.item.name = 'Thinkstream';
  }

  showIdle(identity: ModelIdentity): void {
    this.stopTicker();
    this.running = undefined;
    this.item.text = `$(hubot) ${identity.model}`;
    this.item.tooltip = `Thinkstream: ${identity.model} on ${identity.providerLabel} (${identity.origin})\nClick to select a model`;
    this.item.command = 'thinkstream.selectModel';
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  startRequest(identity: ModelIdentity): void {
    this.running = identity;
    this.startedAt = Date.now();
    this.phase = 'waiting';
    this.item.tooltip = `Thinkstream: ${identity.model} on ${identity.providerLabel}\nClick to cancel`;
    this.item.command = 'thinkstream.cancel';
    this.render();
    this.stopTicker();
    this.ticker = setInterval(() => this.render(), 1000);
    this.item.show();
  }

  setPhase(phase: SessionPhase): void {
    if (!this.running || this.phase === phase) return;
    this.phase = phase;
    this.render();
  }

  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? '');
  }

  dispose(): void {
    this.stopTicker();
    this.item.dispose();
  }

  private render(): void {
    const seconds = Math.floor((Date.now() - this.startedAt) / 1000);
    this.item.text = `$(loading~spin) ${PHASE_WORD[this.phase]} ${seconds}s`;
  }

  private stopTicker(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
