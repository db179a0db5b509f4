// Preloaded (`node --import`) into a process a benchmark times as a whole, such as the built
// `ferry` CLI: on exit it appends the process's own CPU time and peak RSS as one JSON line to
// the file FERRY_BENCH_RESOURCE_FILE names. Node has no getrusage(RUSAGE_CHILDREN), and the
// parent's spawnSync cannot see a child's peak RSS any other way.
import { appendFileSync } from 'node:fs';

const file = process.env.FERRY_BENCH_RESOURCE_FILE;
if (file) {
  process.on('exit', (code) => {
    const cpu = process.cpuUsage();
    appendFileSync(file, JSON.stringify({ code, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
  });
}
