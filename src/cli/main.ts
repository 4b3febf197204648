import * as fs from 'node:fs';
import { ChatSession, replaySession, type SessionOptions, type SessionResult } from '../core/session/session';
import { parseReasoning } from '../core/providers/request';
import { redactSecrets } from '../core/transport/redact';
import type { LimitNames } from '../core/types';
import { parseArgs, UsageError, USAGE, type CliArgs } from './args';
import { keysInEnvironment, resolveApiKey, resolveProvider } from './config';
import { readPrompt } from './input';
import { colorsWanted, HumanPrinter, JsonPrinter } from './printer';

declare const THINKSTREAM_VERSION: string | undefined;

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    return usageError(e);
  }
  if (args.version) {
    process.stdout.write(`thinkstream ${typeof THINKSTREAM_VERSION === 'string' ? THINKSTREAM_VERSION : 'dev'}\n`);
    return EXIT_OK;
  }
  if (args.help || args.command === undefined) {
    (args.help ? process.stdout : process.stderr).write(USAGE + '\n');
    return args.help ? EXIT_OK : EXIT_USAGE;
  }
  if (args.command !== 'ask') return usageError(new UsageError(`unknown command "${args.command}" (try: thinkstream ask …)`));
  try {
    return await ask(args);
  } catch (e) {
    if (e instanceof UsageError) return usageError(e);
    throw e;
  }
}

/** Timeout messages in the terminal name the flag that changes the limit. */
const CLI_LIMIT_NAMES: LimitNames = {
  connect: '--connect-timeout',
  'first-byte': '--first-byte-timeout',
  idle: '--idle-timeout',
  'no-data': '--no-data-timeout',
};

async function ask(args: CliArgs): Promise<number> {
  // A recording names no server; its protocol is OpenAI-compatible unless --kind says otherwise.
  if (args.replay && !args.kind && !args.provider) args.kind = 'openai';
  if (args.steps && !args.json) throw new UsageError('--steps adds lines to --json output; use both');
  const provider = resolveProvider(args);
  const reasoning = parseReasoning(args.reasoning);
  const { key, tried } = args.replay ? { key: undefined, tried: [] } : resolveApiKey(provider, process.env);

  let prompt = '';
  if (!args.replay) {
    prompt = await readPrompt(args.prompt, process.stdin);
    if (!prompt) throw new UsageError('no prompt: give one as arguments or on stdin');
    if (provider.needsKey && !key) {
      process.stderr.write(`thinkstream: error: ${provider.label ?? provider.id} needs an API key: set ${tried.join(' or ')}\n`);
      return EXIT_ERROR;
    }
  }

  const printer = args.json
    ? new JsonPrinter({ out: process.stdout, err: process.stderr }, { steps: args.steps })
    : new HumanPrinter({ out: process.stdout, err: process.stderr }, colorsWanted(process.stderr, process.env));

  const recordFd = args.record ? fs.openSync(args.record, 'w') : undefined;
  const options: SessionOptions = {
    provider,
    apiKey: key,
    redact: keysInEnvironment(process.env),
    request: {
      messages: [{ role: 'user', content: prompt }],
      system: args.system,
      maxTokens: args.maxTokens,
      temperature: args.temperature,
      reasoning,
    },
    timeouts: {
      ...(args.connectTimeout !== undefined && { connectMs: args.connectTimeout }),
      ...(args.firstByteTimeout !== undefined && { firstByteMs: args.firstByteTimeout }),
      ...(args.idleTimeout !== undefined && { idleMs: args.idleTimeout }),
      ...(args.noDataTimeout !== undefined && { noDataMs: args.noDataTimeout }),
    },
    limitNames: CLI_LIMIT_NAMES,
    retry: args.retries !== undefined ? { maxRetries: args.retries } : undefined,
    proxy: args.proxy,
    onRawBytes: recordFd === undefined ? undefined : (chunk) => fs.writeSync(recordFd, chunk),
  };

  const session = args.replay
    ? replaySession(readReplay(args.replay), options)
    : new ChatSession(options);

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) {
      // A second Ctrl-C does not wait, but what was received is still printed.
      printer.flush();
      process.exit(EXIT_INTERRUPTED);
    }
    interrupted = true;
    session.cancel();
  };
  process.on('SIGINT', onSigint);
  // `thinkstream ask … | head`: the reader left, so stop asking the server.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') session.cancel();
  });

  let result: SessionResult | undefined;
  try {
    for await (const e of session) {
      if (e.type === 'end') result = e.result;
      else printer.event(e);
    }
  } finally {
    process.off('SIGINT', onSigint);
    if (recordFd !== undefined) fs.closeSync(recordFd);
  }
  // The loop always ends with the result; awaiting it covers a loop left by an exception.
  result ??= await session.result;
  printer.end(result);
  if (result.status === 'cancelled') return interrupted ? EXIT_INTERRUPTED : EXIT_OK;
  return result.status === 'error' ? EXIT_ERROR : EXIT_OK;
}

function readReplay(path: string): Uint8Array {
  try {
    return fs.readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read --replay file: ${(e as Error).message}`);
  }
}

function usageError(e: unknown): number {
  process.stderr.write(`thinkstream: ${redactSecrets((e as Error).message, keysInEnvironment(process.env))}\n`);
  return EXIT_USAGE;
}

/** Flush stdout before exiting: a piped reader must get the whole partial answer. */
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(exit, (e) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`thinkstream: error: ${redactSecrets(message, keysInEnvironment(process.env))}\n`);
  exit(EXIT_ERROR);
});
