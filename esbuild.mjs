// Bundles the shipped entry points. The extension and CLI target the Node
// inside the oldest supported VS Code (1.90 → Electron 29 → Node 20.9); the
// webview script targets the workbench's Chromium.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');

/** Resolves `undici` in the CLI bundle to dist/cli-undici.js, required at run time from beside dist/cli.js. */
const undiciBesideCli = {
  name: 'undici-beside-cli',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: './cli-undici.js', external: true }));
  },
};
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20.9',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20.9',
    banner: { js: '#!/usr/bin/env node' },
    define: { THINKSTREAM_VERSION: JSON.stringify(pkg.version) },
    // undici is five sixths of the CLI; it lives in its own file, read only when a
    // request goes to the network, so --replay, --help and --version never compile it.
    plugins: [undiciBesideCli],
  },
  {
    ...common,
    stdin: { contents: "module.exports = require('undici');", resolveDir: '.', sourcefile: 'cli-undici.js' },
    outfile: 'dist/cli-undici.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20.9',
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
  {
    // Loaded by the chat script only once an answer holds code (src/webview/highlight/loader.ts).
    ...common,
    entryPoints: ['src/webview/highlight/entry.ts'],
    outfile: 'dist/highlight.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
