// Runs the fake provider as its own process, for the demo and for tests that drive
// it from outside (an extension host, the CLI):
//   node out/test/support/fakeProviderMain.js [--port 0] [--pace realistic|none] [--seed N] [--fixtures DIR]
// Prints FAKE_PROVIDER_URL=http://127.0.0.1:PORT once listening; stops on SIGINT/SIGTERM.
import { FakeProvider, type FakeProviderOptions } from './fakeProvider';

// Roughly a hosted model under load: a pause while the prompt is read, then one
// event every 15–40 ms.
const REALISTIC: Pick<FakeProviderOptions, 'defaultPacing' | 'defaultChunking'> = {
  defaultPacing: { firstByteDelayMs: 300, firstByteJitterMs: 500, perChunkMs: 15, jitterMs: 25 },
  defaultChunking: { seed: 1, byEvent: true },
};

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const pace = argument('pace') ?? 'none';
  if (pace !== 'realistic' && pace !== 'none') throw new Error(`--pace must be realistic or none, not ${pace}`);
  const seed = Number(argument('seed') ?? 1);
  const options: FakeProviderOptions = {
    port: Number(argument('port') ?? 0),
    fixturesDir: argument('fixtures'),
    ...(pace === 'realistic' ? { ...REALISTIC, defaultChunking: { seed, byEvent: true } } : { defaultChunking: { seed } }),
  };
  const provider = await FakeProvider.start(options);
  process.stdout.write(`FAKE_PROVIDER_URL=${provider.url}\n`);

  const stop = () => {
    provider.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake provider: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
