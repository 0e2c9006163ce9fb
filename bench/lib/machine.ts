import { cpus, loadavg } from 'node:os';

/** Load average (1, 5, 15 min) as `0.52, 0.61, 0.70`. */
export function formatLoad(load: number[]): string {
  return load.map((l) => l.toFixed(2)).join(', ');
}

/** Reports the load at the start of a benchmark on stderr and answers it, for the results file. */
export function loadAtStart(): number[] {
  const load = loadavg();
  process.stderr.write(`Load average at start: ${formatLoad(load)} (${cpus().length} cores)\n`);
  return load;
}

/** The closing line of a benchmark: the cores and how loaded they were, start and end. */
export function machineLine(start: number[], end: number[], sharedBy: string): string {
  return (
    `Machine: ${cpus().length} cores; load average (1, 5, 15 min) at start ${formatLoad(start)}, ` +
    `at end ${formatLoad(end)}. ${sharedBy} share these cores.`
  );
}
