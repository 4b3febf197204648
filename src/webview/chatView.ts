// The transcript: applies host messages to turn views, follows the newest text only
// while the user stays at the bottom, and routes clicks inside turns. All work goes
// through one queue run under a time budget per frame, so a long conversation arriving
// as one snapshot is drawn over several frames instead of one long task.
import type { ChatSettings, HostMessage, TurnState, WebviewMessage } from '../protocol';
import { codeActionMessage } from './codeBlocks';
import type { Composer } from './composer';
import { FrameQueue } from './frameQueue';
import { Announcer } from './announcer';
import { TailFollower } from './tailFollower';
import { HostClock } from './timer';
import { TurnView } from './turnView';

/** Within this many pixels of the bottom counts as "at the bottom". */
const STICK_PX = 48;
/** Work per frame before the rest waits for the next one: well under a 50 ms long task. */
const FRAME_BUDGET_MS = 8;
/**
 * A snapshot's text, and a delta that grew big while the view was busy or hidden, is
 * fed to the renderer in slices of this size, so no one step of work is long.
 */
const SLICE_CHARS = 4096;

type Work = Iterator<void>;

export class ChatView {
  readonly element: HTMLElement;
  private readonly inner: HTMLElement;
  private readonly emptyState: HTMLElement;
  private readonly turns = new Map<string, TurnView>();
  private readonly clock = new HostClock();
  private readonly follower: TailFollower;
  private settings: ChatSettings = { reasoningDisplay: 'auto' };
  private hostBusy = false;
  private readonly work: Work[] = [];
  private working = false;
  private readonly queue = new FrameQueue((batch) => this.applyBatch(batch));

  constructor(
    private readonly composer: Composer,
    private readonly post: (message: WebviewMessage) => void,
    private readonly announcer: Announcer,
  ) {
    this.element = document.createElement('main');
    this.element.className = 'transcript';
    this.element.setAttribute('aria-label', 'Chat transcript');
    this.inner = document.createElement('div');
    this.inner.className = 'transcript-inner';
    this.emptyState = emptyState();
    this.inner.append(this.emptyState);
    this.element.append(this.inner);
    this.follower = new TailFollower(this.element, this.inner, STICK_PX);
    this.element.addEventListener('click', (e) => this.onClick(e));
  }

  receive(message: HostMessage): void {
    // Measured on arrival: a hidden view defers its frames, which would skew the clock.
    if (message.type === 'snapshot') this.clock.sync(message.now);
    this.queue.push(message);
  }

  private applyBatch(messages: HostMessage[]): void {
    for (const message of messages) this.enqueue(message);
    this.runWork();
  }

  private enqueue(message: HostMessage): void {
    if (message.type === 'snapshot') this.work.push(this.loadSnapshot(message));
    else if (message.type === 'delta' && (message.reasoning?.length ?? 0) + (message.content?.length ?? 0) > SLICE_CHARS) {
      this.work.push(this.sliced(message));
    } else this.work.push(once(() => this.apply(message)));
  }

  private runWork(): void {
    const start = performance.now();
    while (this.work.length > 0) {
      // A message that fails to apply is dropped, never retried or left blocking the
      // queue: the turnUpdate that ends a turn may be right behind it.
      let done = true;
      try {
        done = this.work[0].next().done === true;
      } catch (err) {
        console.error('Thinkstream: could not apply a message from the host', err);
      }
      if (done) this.work.shift();
      if (performance.now() - start > FRAME_BUDGET_MS) break;
    }
    this.afterWork();
    if (this.work.length > 0 && !this.working) {
      this.working = true;
      requestAnimationFrame(() => {
        this.working = false;
        this.runWork();
      });
    }
  }

  private afterWork(): void {
    const hasTurns = this.turns.size > 0;
    if (this.emptyState.hidden !== hasTurns) this.emptyState.hidden = hasTurns;
    this.composer.setBusy(this.hostBusy || [...this.turns.values()].some((t) => t.state === 'streaming'));
  }

  /** Newest turn first, so what the user sees at the bottom is drawn in the first frame. */
  private *loadSnapshot(message: Extract<HostMessage, { type: 'snapshot' }>): Generator<void> {
    this.settings = message.settings;
    this.removeAllTurns();
    this.hostBusy = message.busy;
    this.follower.follow();
    let below: TurnView | undefined;
    for (let i = message.turns.length - 1; i >= 0; i--) {
      const turn = message.turns[i];
      // A saved turn that fails to draw never hides the turns before or after it.
      try {
        below = this.addTurn(turn, below);
      } catch (err) {
        console.error(`Thinkstream: could not show turn ${turn.id}`, err);
        continue;
      }
      yield* guarded(below.load(turn, SLICE_CHARS), turn.id);
      yield;
    }
  }

  private *sliced(message: Extract<HostMessage, { type: 'delta' }>): Generator<void> {
    for (const field of ['reasoning', 'content'] as const) {
      const text = message[field] ?? '';
      for (let i = 0; i < text.length; i += SLICE_CHARS) {
        this.apply({ type: 'delta', id: message.id, [field]: text.slice(i, i + SLICE_CHARS) });
        yield;
      }
    }
  }

  private apply(message: HostMessage): void {
    switch (message.type) {
      case 'snapshot':
        break;
      case 'turnStart': {
        const view = this.addTurn(message.turn, undefined);
        for (const _ of view.load(message.turn, Infinity));
        this.hostBusy = true;
        this.follower.follow();
        this.announcer.turnStarted(message.turn.id);
        break;
      }
      case 'delta': {
        const view = this.turns.get(message.id);
        if (!view) break;
        view.appendDelta(message.reasoning, message.content);
        this.announcer.progress(view.id, view.hasContent ? 'answering' : 'thinking');
        break;
      }
      case 'turnUpdate': {
        const view = this.turns.get(message.id);
        if (!view) break;
        const before = view.state;
        try {
          view.applyPatch(message.patch);
        } finally {
          if (before === 'streaming' && view.state !== 'streaming') {
            this.hostBusy = false;
            this.announcer.finished(view.id, view.state);
          }
        }
        if (view.state === 'streaming' && view.phase !== undefined && view.phase !== 'waiting') this.announcer.progress(view.id, view.phase);
        break;
      }
      case 'tick':
        this.turns.get(message.id)?.tick(message.elapsedSec, message.metrics);
        break;
      case 'step':
        this.turns.get(message.id)?.addStep(message.step);
        break;
      case 'clear':
        this.removeAllTurns();
        this.hostBusy = false;
        break;
      case 'settings':
        this.settings = message.settings;
        for (const view of this.turns.values()) view.setDisplay(message.settings.reasoningDisplay);
        break;
      case 'focusInput':
        this.composer.focus();
        break;
    }
  }

  /** Idempotent: a turn that already exists is replaced, never duplicated. */
  private addTurn(turn: TurnState, before: TurnView | undefined): TurnView {
    const view = new TurnView(turn, {
      clock: this.clock,
      display: this.settings.reasoningDisplay,
      onResend: (id, prompt) => this.post({ type: 'editAndResend', id, prompt }),
    });
    const old = this.turns.get(turn.id);
    if (old) {
      old.dispose();
      old.element.replaceWith(view.element);
    } else if (before) {
      before.element.before(view.element);
    } else {
      this.inner.append(view.element);
    }
    this.turns.set(turn.id, view);
    return view;
  }

  private removeAllTurns(): void {
    for (const view of this.turns.values()) {
      view.dispose();
      view.element.remove();
    }
    this.turns.clear();
  }

  private onClick(e: MouseEvent): void {
    const target = e.target instanceof Element ? e.target : null;
    const action = target?.closest<HTMLElement>('[data-action]');
    const turnId = target?.closest<HTMLElement>('[data-turn]')?.dataset.turn;
    if (action && turnId !== undefined) {
      switch (action.dataset.action) {
        case 'retry':
          this.post({ type: 'retry', id: turnId });
          return;
        case 'openRef':
          this.post({ type: 'openRef', id: turnId });
          return;
        case 'copyAnswer':
          this.post({ type: 'copyAnswer', id: turnId });
          confirmCopied(action, 'Copy answer');
          return;
        case 'copyCode':
        case 'insertCode':
        case 'newFileWithCode': {
          const message = codeActionMessage(action);
          if (message) this.post(message);
          if (action.dataset.action === 'copyCode') confirmCopied(action, 'Copy');
          return;
        }
      }
    }
    // A link without a safe href (sanitizing removed it) must not navigate the webview.
    const link = target?.closest('a');
    if (link && !link.hasAttribute('href')) e.preventDefault();
  }
}

function once(fn: () => void): Work {
  let done = false;
  return {
    next: () => {
      if (!done) {
        done = true;
        fn();
      }
      return { done: true, value: undefined };
    },
  };
}

function confirmCopied(button: HTMLElement, label: string): void {
  button.textContent = 'Copied';
  setTimeout(() => (button.textContent = label), 1500);
}

function emptyState(): HTMLElement {
  const el = document.createElement('div');
  el.className = 'empty-state';
  const title = document.createElement('p');
  title.className = 'empty-title';
  title.textContent = 'Ask a model about your code';
  const how = document.createElement('p');
  how.append(
    'Type a question below, run ',
    strong('Thinkstream: Ask Model'),
    ', or select code in an editor and run ',
    strong('Thinkstream: Explain Selection'),
    '.',
  );
  const reasoning = document.createElement('p');
  reasoning.textContent = "The model's reasoning streams live in its own block, apart from the answer.";
  el.append(title, how, reasoning);
  return el;
}

function strong(text: string): HTMLElement {
  const el = document.createElement('strong');
  el.textContent = text;
  return el;
}

/** Runs `work` step by step; an exception ends that work alone, not the caller's. */
function* guarded(work: Iterator<void>, turnId: string): Generator<void> {
  for (;;) {
    try {
      if (work.next().done) return;
    } catch (err) {
      console.error(`Thinkstream: could not draw turn ${turnId}`, err);
      return;
    }
    yield;
  }
}
