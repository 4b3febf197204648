// Command arguments come from whoever runs the command: a keybinding, a menu, or any
// other installed extension. They may pick among things the user configured, or
// pre-fill what the user is about to confirm; they never name a URL, a key, a file
// or a provider that is not already in the user's own settings.

/** Longer than any id a person types; a longer value is not one of ours. */
const MAX_ID_LENGTH = 200;
/** A pre-filled question is shown for editing, so it stays a size a person can read. */
const MAX_PROMPT_LENGTH = 10_000;

/** A provider id to look up in the user's catalog, or undefined to ask. */
export function providerIdArgument(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH ? value : undefined;
}

/** Text for an input box to start with; anything that is not a string starts it empty. */
export function promptArgument(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, MAX_PROMPT_LENGTH) : undefined;
}
