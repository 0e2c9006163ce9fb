import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What `npm start` records about itself so `npm run stop` (or a second start) can find it. */
export type DevInstance = { pid: number; serverUrl: string; emulatorUrl: string; startedAt: string };

export const DATA_DIR = path.resolve(process.env.REGARDING_DEV_DIR || '.data');
export const PID_FILE = path.join(DATA_DIR, 'dev.pid');

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running instance, or null (a pid file of a dead process is removed). */
export function readRunningInstance(): DevInstance | null {
  if (!existsSync(PID_FILE)) return null;
  let instance: DevInstance | null = null;
  try {
    const parsed = JSON.parse(readFileSync(PID_FILE, 'utf8')) as Partial<DevInstance>;
    if (typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0) {
      instance = parsed as DevInstance;
    }
  } catch {
    instance = null;
  }
  if (instance && isAlive(instance.pid)) return instance;
  rmSync(PID_FILE, { force: true });
  return null;
}

export function writePidFile(instance: DevInstance): void {
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(PID_FILE, JSON.stringify(instance, null, 2));
}

/** Removes the pid file if it is still ours. */
export function removePidFile(pid: number): void {
  try {
    const parsed = JSON.parse(readFileSync(PID_FILE, 'utf8')) as Partial<DevInstance>;
    if (parsed.pid === pid) rmSync(PID_FILE, { force: true });
  } catch {
    // Already gone.
  }
}
