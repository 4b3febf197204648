import * as fs from 'node:fs';

/**
 * The user message: the prompt words, or stdin when there are none. With both,
 * stdin is context (e.g. `thinkstream ask "explain" < file.ts`).
 */
export async function readPrompt(words: string[], stdin: NodeJS.ReadStream): Promise<string> {
  const prompt = words.join(' ').trim();
  if (!prompt) {
    if (stdin.isTTY) return '';
    return (await readAll(stdin, Infinity)).trim();
  }
  if (stdin.isTTY) return prompt;
  // A parent process may hand us an open pipe it never writes to. A file is read
  // whole; a shell pipe gets a few seconds to start (`git diff | thinkstream ask …`);
  // a process's socket pair a moment.
  const kind = stdinKind();
  const context = await readAll(stdin, kind === 'file' ? Infinity : kind === 'fifo' ? 3000 : 250);
  return context.trim() ? `${fenced(context)}\n\n${prompt}` : prompt;
}

function stdinKind(): 'file' | 'fifo' | 'other' {
  try {
    const st = fs.fstatSync(0);
    return st.isFile() ? 'file' : st.isFIFO() ? 'fifo' : 'other';
  } catch {
    return 'other';
  }
}

function readAll(stream: NodeJS.ReadStream, firstByteWaitMs: number): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      if (timer) clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', done);
      stream.off('error', done);
      stream.pause();
      resolve(Buffer.concat(parts).toString('utf8'));
    };
    const onData = (b: Buffer) => {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      parts.push(b);
    };
    if (Number.isFinite(firstByteWaitMs)) timer = setTimeout(done, firstByteWaitMs);
    stream.on('data', onData);
    stream.once('end', done);
    stream.once('error', done);
  });
}

/** A code fence longer than any run of backticks inside, so the context cannot close it. */
function fenced(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${text.replace(/\n$/, '')}\n${fence}`;
}
