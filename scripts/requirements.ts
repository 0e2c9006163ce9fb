/**
 * What the tests and benchmarks need outside npm: a Chromium for the browser tests and the
 * PostgreSQL server binaries (or a server) for the integration tests. `npm test` checks both
 * first (`tsx scripts/requirements.ts chromium postgres`) and stops at once with what to install.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPostgresBin } from './pg-cluster';

export type Requirement = 'chromium' | 'postgres';

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The browser the end-to-end tests drive: `CHROMIUM_PATH`, else the usual install places. */
export function findChromium(): string | null {
  const given = process.env.CHROMIUM_PATH;
  if (given) return existsSync(given) ? given : null;
  return CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
}

/** Like `findChromium`, but a missing browser is an error that says what to do. */
export function chromiumPath(): string {
  const found = findChromium();
  if (!found) throw new Error(missingText('chromium'));
  return found;
}

function missingText(requirement: Requirement): string {
  if (requirement === 'chromium') {
    const given = process.env.CHROMIUM_PATH;
    return [
      given
        ? `Chromium was not found at CHROMIUM_PATH=${given}.`
        : 'Chromium was not found; the end-to-end tests drive it (no browser is downloaded).',
      '  Debian:  sudo apt-get install -y chromium',
      '  Ubuntu:  sudo snap install chromium   (or: sudo apt-get install -y chromium-browser)',
      '  macOS:   brew install --cask chromium',
      '  Or point at an existing Chromium or Chrome: CHROMIUM_PATH=/path/to/chromium npm test',
    ].join('\n');
  }
  return [
    'The PostgreSQL server binaries (initdb, pg_ctl) were not found; the integration tests start',
    'a throwaway PostgreSQL server with them, beside the embedded PGlite.',
    '  Debian:  sudo apt-get install -y postgresql',
    '  Ubuntu:  sudo apt-get install -y postgresql',
    '  macOS:   brew install postgresql@15',
    '  Or point at the binaries: PG_BIN=/usr/lib/postgresql/15/bin npm test',
    '  Or at a server where the role may CREATE DATABASE: DATABASE_URL=postgresql://user@host/db npm test',
  ].join('\n');
}

/** The requirements that are missing, each with what to install. */
export function missingRequirements(
  needed: readonly Requirement[],
): { requirement: Requirement; text: string }[] {
  const missing: { requirement: Requirement; text: string }[] = [];
  if (needed.includes('chromium') && !findChromium())
    missing.push({ requirement: 'chromium', text: missingText('chromium') });
  if (needed.includes('postgres') && !process.env.DATABASE_URL) {
    try {
      findPostgresBin();
    } catch {
      missing.push({ requirement: 'postgres', text: missingText('postgres') });
    }
  }
  return missing;
}

function main(args: string[]): void {
  const needed = args.filter((a): a is Requirement => a === 'chromium' || a === 'postgres');
  const missing = missingRequirements(needed);
  if (missing.length === 0) return;
  console.error(`Cannot run the tests yet:\n\n${missing.map((m) => m.text).join('\n\n')}\n`);
  process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2));
