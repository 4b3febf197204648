// The real-VS-Code tests need a browser: the workbench in Chromium is what starts
// the extension host. A fresh machine of this kind has none, and test tools'
// own browser downloads cannot work here, so Debian's package is the source.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export function ensureChromium(): void {
  const path = chromiumPath();
  if (fs.existsSync(path)) return;
  const root = process.getuid?.() === 0;
  const sudo = !root && hasCommand('sudo') ? ['sudo', '-n'] : [];
  if (!root && sudo.length === 0) {
    throw new Error(`Chromium is missing at ${path}: install Debian's "chromium" package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  console.log('installing Chromium from Debian (apt-get install chromium fonts-noto-color-emoji)…');
  const run = (args: string[]) =>
    execFileSync(sudo[0] ?? args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', 'chromium', 'fonts-noto-color-emoji']);
  if (!fs.existsSync(path)) throw new Error(`apt-get finished but ${path} is still missing`);
}

function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
