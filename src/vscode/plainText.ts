// Text that servers and models write reaches VS Code's own UI: notifications, quick
// picks, the status bar, tooltips, input prompts. Those surfaces turn
// "[label](command:…)" into a link that runs a command (https and file links too)
// and "$(name)" into an icon. Server text must do neither: our own buttons carry
// every action. An invisible word joiner between the two halves of each syntax
// breaks it while the text reads exactly as written (and, unlike a zero-width
// space, never lets a line wrap there).

const BREAK = '\u2060';

/** Line breaks would split a one-line surface; bidi controls can make text read other than it is. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function plainText(text: string, maxChars?: number): string {
  let out = String(text)
    .replace(BIDI, '')
    .replace(CONTROLS, ' ')
    // "[label](target)" and "[label] (target)" alike: whatever the target, no link.
    .replace(/\](\s*)\(/g, `]$1${BREAK}(`)
    // "<https://…>" autolinks, for surfaces that read markdown.
    .replace(/<([a-z][a-z0-9+.-]*:)/gi, `<${BREAK}$1`)
    // "$(icon)" and "$(icon~spin)".
    .replace(/\$\(/g, `$${BREAK}(`);
  if (maxChars !== undefined && out.length > maxChars) out = `${out.slice(0, Math.max(0, maxChars - 1)).trimEnd()}…`;
  return out;
}
