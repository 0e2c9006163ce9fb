/** `npm run stop`: stops the instance `npm start` recorded in .data/dev.pid. */
import { isAlive, readRunningInstance, PID_FILE } from './pid-file';
import { rmSync } from 'node:fs';

async function main(): Promise<number> {
  const instance = readRunningInstance();
  if (!instance) {
    console.log('Regarding is not running.');
    return 0;
  }
  process.kill(instance.pid, 'SIGTERM');
  const deadline = Date.now() + 25_000;
  while (Date.now() < deadline) {
    if (!isAlive(instance.pid)) {
      rmSync(PID_FILE, { force: true });
      console.log(`Stopped Regarding (pid ${instance.pid}).`);
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.error(`Regarding (pid ${instance.pid}) did not stop within 25 s.`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
