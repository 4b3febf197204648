// One JSON file per conversation in the extension's storage folder: turns can be
// large (long reasoning, long answers), which a Memento is not meant to hold.
import * as vscode from 'vscode';
import type { TurnRecord } from '../turnStore';

interface ConversationFile {
  version: 1;
  id: string;
  createdAt: number;
  records: TurnRecord[];
}

export interface LoadedConversation {
  id: string;
  createdAt: number;
  records: TurnRecord[];
}

export class ConversationFiles {
  constructor(readonly folder: vscode.Uri) {}

  /** Returns the bytes written, for the size cap. */
  async write(c: LoadedConversation): Promise<number> {
    const file: ConversationFile = { version: 1, id: c.id, createdAt: c.createdAt, records: c.records };
    const bytes = new TextEncoder().encode(JSON.stringify(file));
    await vscode.workspace.fs.createDirectory(this.folder);
    await vscode.workspace.fs.writeFile(this.uri(c.id), bytes);
    return bytes.byteLength;
  }

  /** Undefined when the file is missing or unreadable: a lost conversation must not stop the chat. */
  async read(id: string): Promise<LoadedConversation | undefined> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.uri(id)));
    } catch {
      return undefined;
    }
    try {
      const parsed = JSON.parse(text) as Partial<ConversationFile>;
      if (parsed.id !== id || !Array.isArray(parsed.records)) return undefined;
      return { id, createdAt: typeof parsed.createdAt === 'number' ? parsed.createdAt : Date.now(), records: validRecords(parsed.records) };
    } catch {
      return undefined;
    }
  }

  async delete(id: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.uri(id));
    } catch {
      // Already gone is what was wanted.
    }
  }

  private uri(id: string): vscode.Uri {
    // Ids are made here (UUIDs) and checked when read from the index, so they cannot leave the folder.
    return vscode.Uri.joinPath(this.folder, `${id}.json`);
  }
}

/**
 * Turns from disk. One that was still streaming when the window closed is kept,
 * partial text and all, as cancelled, with a note saying why.
 */
export function validRecords(saved: unknown[]): TurnRecord[] {
  const records = saved.filter(
    (r): r is TurnRecord =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as TurnRecord).message === 'string' &&
      typeof (r as TurnRecord).turn?.id === 'string' &&
      typeof (r as TurnRecord).turn.prompt === 'string' &&
      typeof (r as TurnRecord).turn.content === 'string' &&
      typeof (r as TurnRecord).turn.reasoning === 'string',
  );
  for (const r of records) {
    if (r.turn.state === 'streaming') {
      r.turn.state = 'cancelled';
      r.turn.notice = 'The window was closed or reloaded while this answer streamed; what had arrived is kept.';
      delete r.turn.phase;
      if (r.turn.metrics) delete r.turn.metrics.live;
    }
  }
  return records;
}
