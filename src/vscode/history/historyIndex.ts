// The small part of the history kept in a Memento: one line per conversation, enough
// for Show History to list them without opening any file. No vscode import: the cap
// is tested in plain Node.

export interface ConversationSummary {
  id: string;
  /** The first question, on one line, cut short. Plain user text: never markup. */
  title: string;
  createdAt: number;
  updatedAt: number;
  turnCount: number;
  /** Size of its file, for the cap. */
  bytes: number;
}

export interface HistoryCap {
  maxConversations: number;
  maxBytes: number;
}

/** Stated in the README: change both together. */
export const HISTORY_CAP: HistoryCap = { maxConversations: 100, maxBytes: 20 * 1024 * 1024 };

const TITLE_CHARS = 80;

/**
 * The conversations to drop so the rest fit the cap: the least recently updated
 * first, never the one open now.
 */
export function overCap(list: readonly ConversationSummary[], keepId: string | undefined, cap: HistoryCap = HISTORY_CAP): string[] {
  const byAge = [...list].sort((a, b) => a.updatedAt - b.updatedAt);
  let count = list.length;
  let bytes = list.reduce((n, c) => n + c.bytes, 0);
  const drop: string[] = [];
  for (const c of byAge) {
    if (count <= cap.maxConversations && bytes <= cap.maxBytes) break;
    if (c.id === keepId) continue;
    drop.push(c.id);
    count--;
    bytes -= c.bytes;
  }
  return drop;
}

export function titleOf(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1)}…` : line;
}

export function parseIndex(saved: unknown): ConversationSummary[] {
  if (!Array.isArray(saved)) return [];
  return saved.filter(
    (c): c is ConversationSummary =>
      typeof c === 'object' &&
      c !== null &&
      typeof c.id === 'string' &&
      /^[A-Za-z0-9-]{1,64}$/.test(c.id) &&
      typeof c.title === 'string' &&
      typeof c.updatedAt === 'number' &&
      typeof c.createdAt === 'number' &&
      typeof c.turnCount === 'number' &&
      typeof c.bytes === 'number',
  );
}
