/**
 * The repository stands alone: a copy of its files in an empty temporary folder, with nothing
 * beside it, validates its manifest and passes the unit tests. (The copy shares this checkout's
 * installed node_modules through a link, as a fresh `npm install` would provide them.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');
let folder: string;
let copy: string;

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'regarding-clone-'));
  copy = path.join(folder, 'regarding');
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const target = path.join(copy, file);
    mkdirSync(path.dirname(target), { recursive: true });
    try {
      copyFileSync(path.join(ROOT, file), target);
    } catch (error) {
      // A file deleted in the working tree but not yet in the index is not part of the project.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function npmRun(script: string): { status: number | null; output: string } {
  const result = spawnSync('npm', ['run', script], {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 600_000,
  });
  // Some tools colour their output anyway; the assertions read plain text.
  const output = `${result.stdout}\n${result.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
  return { status: result.status, output };
}

describe('a copy of the repository with nothing beside it', () => {
  it('validates the manifest against the schemas it keeps', () => {
    const { status, output } = npmRun('validate');
    expect(output).toContain('manifest.xml is valid');
    expect(status).toBe(0);
  });

  it('passes the unit tests', { timeout: 600_000 }, () => {
    const { status, output } = npmRun('test:unit');
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(status, output.slice(-4000)).toBe(0);
  });
});
