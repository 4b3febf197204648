import { PROVIDER_KINDS, type ProviderKind } from '../core/types';

export interface CliArgs {
  command?: string;
  provider?: string;
  kind?: ProviderKind;
  baseUrl?: string;
  model?: string;
  json: boolean;
  /** With --json: also a line per whole reasoning step. */
  steps: boolean;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  reasoning?: string;
  record?: string;
  replay?: string;
  connectTimeout?: number;
  firstByteTimeout?: number;
  idleTimeout?: number;
  noDataTimeout?: number;
  retries?: number;
  proxy?: string;
  help: boolean;
  version: boolean;
  prompt: string[];
}

export class UsageError extends Error {}

type Spec = { key: keyof CliArgs; type: 'string' | 'int' | 'number' | 'kind' };

const VALUE_FLAGS: Record<string, Spec> = {
  '--provider': { key: 'provider', type: 'string' },
  '--kind': { key: 'kind', type: 'kind' },
  '--base-url': { key: 'baseUrl', type: 'string' },
  '--model': { key: 'model', type: 'string' },
  '--system': { key: 'system', type: 'string' },
  '--max-tokens': { key: 'maxTokens', type: 'int' },
  '--temperature': { key: 'temperature', type: 'number' },
  '--reasoning': { key: 'reasoning', type: 'string' },
  '--record': { key: 'record', type: 'string' },
  '--replay': { key: 'replay', type: 'string' },
  '--connect-timeout': { key: 'connectTimeout', type: 'int' },
  '--first-byte-timeout': { key: 'firstByteTimeout', type: 'int' },
  '--idle-timeout': { key: 'idleTimeout', type: 'int' },
  '--no-data-timeout': { key: 'noDataTimeout', type: 'int' },
  '--retries': { key: 'retries', type: 'int' },
  '--proxy': { key: 'proxy', type: 'string' },
};

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { json: false, steps: false, help: false, version: false, prompt: [] };
  let rest = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (rest || !a.startsWith('-') || a === '-') {
      if (args.command === undefined && !rest) args.command = a;
      else args.prompt.push(a);
      continue;
    }
    if (a === '--') {
      rest = true;
      if (args.command === undefined) args.command = 'ask';
      continue;
    }
    if (a === '--json') args.json = true;
    else if (a === '--steps') args.steps = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--version' || a === '-V') args.version = true;
    else {
      const eq = a.indexOf('=');
      const name = eq === -1 ? a : a.slice(0, eq);
      const spec = VALUE_FLAGS[name];
      if (!spec) throw new UsageError(`unknown option ${name} (see thinkstream --help)`);
      let value: string | undefined;
      if (eq !== -1) value = a.slice(eq + 1);
      else {
        value = argv[++i];
        if (value === undefined) throw new UsageError(`${name} needs a value`);
      }
      (args as any)[spec.key] = convert(name, spec, value);
    }
  }
  return args;
}

function convert(name: string, spec: Spec, value: string): unknown {
  switch (spec.type) {
    case 'int':
      if (!/^\d+$/.test(value)) throw new UsageError(`${name} takes a whole number, not "${value}"`);
      return Number(value);
    case 'number': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${name} takes a number, not "${value}"`);
      return n;
    }
    case 'kind':
      if (!(PROVIDER_KINDS as readonly string[]).includes(value)) {
        throw new UsageError(`--kind is ${PROVIDER_KINDS.join(', ')}, not "${value}"`);
      }
      return value;
    default:
      return value;
  }
}

export const USAGE = `Usage: thinkstream ask [options] [PROMPT…]

Streams a model's reasoning (dimmed, to stderr) and its answer (to stdout).
With no PROMPT the prompt is read from stdin; with a PROMPT, piped stdin is
sent along as context (e.g. a file).

Options:
  --provider ID            openai, gemini, anthropic, deepseek, openrouter, mistral,
                           xai, groq, ollama (default), lmstudio, vllm, llamacpp
  --kind KIND              wire protocol: openai (Chat Completions) | responses
                           (OpenAI Responses) | anthropic | gemini | ollama
  --base-url URL           OpenAI-compatible and Responses: …/v1; Anthropic:
                           without /v1; Gemini and Ollama: the server root
  --model NAME             model to ask
  --system TEXT            system prompt
  --max-tokens N           token limit for the answer (and reasoning)
  --temperature T          sampling temperature
  --reasoning EFFORT|N     minimal | low | medium | high, or a token budget
  --json                   one StreamEvent JSON per line, then a metrics line
  --steps                  with --json, also {"type":"step","index":N,"text":…,
                           "complete":…} each time a reasoning step is whole
  --record FILE            save the raw response bytes
  --replay FILE            run a recorded response through the parser, no network
  --connect-timeout MS     default 15000
  --first-byte-timeout MS  default 300000 (slow local models need minutes)
  --idle-timeout MS        default 120000
  --no-data-timeout MS     default 300000: longest wait for model data while
                           the server sends only keep-alives
  --retries N              retries before the first byte, default 2
  --proxy URL              HTTP(S) proxy (default: HTTPS_PROXY / HTTP_PROXY)

The key comes from THINKSTREAM_API_KEY or the provider's usual variable
(OPENAI_API_KEY, GEMINI_API_KEY, ANTHROPIC_API_KEY, DEEPSEEK_API_KEY,
OPENROUTER_API_KEY, MISTRAL_API_KEY, XAI_API_KEY, GROQ_API_KEY).
Colours only on a terminal, never with NO_COLOR.
Exit status: 0 answered, 1 error (partial answer kept), 2 usage, 130 interrupted.`;
