// The status-bar item: the active model while idle, a spinner with the phase and the
// seconds elapsed while a request runs. The seconds come from the controller's one
// clock, which also drives the chat header. Screen readers get words, never the
// icon names ("loading~spin", "hubot") the text would otherwise read out.
import * as vscode from 'vscode';
import type { SessionPhase } from '../core/session/session';
import { plainText } from './plainText';

/** The status bar is shared; a long model name must not push other items away. */
const MAX_MODEL_CHARS = 40;

const PHASE_WORD: Record<SessionPhase, string> = { waiting: 'Waiting', thinking: 'Thinking', answering: 'Answering' };

export interface ModelIdentity {
  providerLabel: string;
  model: string;
  origin: string;
}

export class StatusBarController implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('thinkstream.status', vscode.StatusBarAlignment.Right, 100);
  private phase: SessionPhase = 'waiting';
  private seconds = 0;
  private running?: ModelIdentity;

  constructor() {
    this.item.name = 'Thinkstream';
  }

  showIdle(identity: ModelIdentity): void {
    this.running = undefined;
    // A model name may come from the server's list: it must not become an icon.
    const model = plainText(identity.model, MAX_MODEL_CHARS);
    const provider = plainText(identity.providerLabel);
    this.item.text = `$(hubot) ${model}`;
    this.item.tooltip = `Thinkstream: ${model} on ${provider} (${identity.origin})\nClick to select a model`;
    this.item.accessibilityInformation = { label: `Thinkstream model: ${model} on ${provider}. Select a model.`, role: 'button' };
    this.item.command = 'thinkstream.selectModel';
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  startRequest(identity: ModelIdentity): void {
    this.running = identity;
    this.phase = 'waiting';
    this.seconds = 0;
    this.item.tooltip = `Thinkstream: ${plainText(identity.model)} on ${plainText(identity.providerLabel)}\nClick to cancel`;
    this.item.command = 'thinkstream.cancel';
    this.render();
    this.item.show();
  }

  setPhase(phase: SessionPhase): void {
    if (!this.running || this.phase === phase) return;
    this.phase = phase;
    this.render();
  }

  /** One tick of the request's clock. */
  setElapsed(seconds: number): void {
    if (!this.running || this.seconds === seconds) return;
    this.seconds = seconds;
    this.render();
  }

  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? '');
  }

  get accessibilityLabel(): string {
    return this.item.accessibilityInformation?.label ?? '';
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const word = PHASE_WORD[this.phase];
    this.item.text = `$(loading~spin) ${word} ${this.seconds}s`;
    const unit = this.seconds === 1 ? 'second' : 'seconds';
    this.item.accessibilityInformation = {
      label: `Thinkstream: ${word.toLowerCase()}, ${this.seconds} ${unit}, ${plainText(this.running?.model ?? '')}. Cancel request.`,
      role: 'button',
    };
  }
}
