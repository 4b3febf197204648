// Webview entry: builds the chat view, then asks the host for a snapshot. Messages the
// host sent before this script ran are lost, so everything starts from that snapshot.
import type { HostMessage } from '../protocol';
import { Announcer } from './announcer';
import { ChatView } from './chatView';
import { Composer } from './composer';
import { connectToHost } from './vscodeApi';

const host = connectToHost();
const composer = new Composer({
  post: host.post,
  draft: host.loadState().draft,
  saveDraft: (draft) => host.saveState({ draft }),
});
const announcer = new Announcer();
const chat = new ChatView(composer, host.post, announcer);

const app = document.getElementById('app') ?? document.body;
app.classList.add('chat');
// The live region sits beside the transcript, inside the fixed app box: positioned
// inside the scrolling transcript it would stretch the document and let it scroll.
app.append(chat.element, composer.element, announcer.element);

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message && typeof message === 'object' && typeof message.type === 'string') chat.receive(message);
});

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && composer.isBusy) {
    e.preventDefault();
    host.post({ type: 'cancel' });
  }
});

// VS Code focuses the webview's window for the view's Focus command and when the view
// is clicked into; the caret then belongs in the question box, unless the user put it
// somewhere else in the chat.
window.addEventListener('focus', () => {
  if (document.activeElement === document.body || document.activeElement === null) composer.focus();
});

host.post({ type: 'ready' });
