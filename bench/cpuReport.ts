// Preloaded (node -r) into each process the whole-process benchmark starts: writes
// the CPU time the process used, start-up included, to the file it is told, so the
// two sides are compared on CPU as well as on a shared machine's wall clock.
import { writeFileSync } from 'node:fs';

const target = process.env.THINKSTREAM_BENCH_CPU_FILE;
if (target) {
  process.on('exit', () => {
    const c = process.cpuUsage();
    writeFileSync(target, String((c.user + c.system) / 1000));
  });
}
