// The baseline for the whole-process benchmark: what a script using the official
// openai SDK does with the same recording — read the file, parse it with the SDK's
// own SSE reader, and print the reasoning to stderr and the answer to stdout, as
// `thinkstream ask --replay` does. Run as its own process: node out/bench/sdkReader.js FILE
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { Stream } from 'openai/core/streaming';

interface DeepSeekChunk {
  choices: { delta: { content?: string | null; reasoning_content?: string | null } }[];
}

async function main(file: string): Promise<void> {
  const body = Readable.toWeb(createReadStream(file, { highWaterMark: 64 * 1024 })) as ReadableStream<Uint8Array>;
  const response = new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  for await (const chunk of Stream.fromSSEResponse<DeepSeekChunk>(response, new AbortController())) {
    const delta = chunk.choices[0]?.delta;
    if (delta?.reasoning_content) process.stderr.write(delta.reasoning_content);
    if (delta?.content) process.stdout.write(delta.content);
  }
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
