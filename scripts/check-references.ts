/**
 * Part of `npm run lint`: the project stands alone. No tracked file may point at documents
 * outside the repository (a sibling `shared/` folder, a design document) or at issue numbers;
 * what such a pointer said that still matters belongs in docs/.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /\.\.\/shared\b/, why: 'a folder outside the repository' },
  { pattern: /\bDESIGN\.md\b/, why: 'a design document the repository does not hold' },
  {
    pattern: /\b(?:the|team|design) brief\b|\bbrief(?:'s| section)/i,
    why: 'a design brief outside the repository',
  },
  { pattern: /\bissues? #?\d+\b|\bissue #\d+/i, why: 'an issue number (say what matters instead)' },
];
/** Generated or third-party files, and this checker's own patterns. */
const SKIP = [/^package-lock\.json$/, /check-references(\.test)?\.ts$/, /\.(png|ico|woff2?)$/];

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && !SKIP.some((skip) => skip.test(file)));
}

export function findReferences(file: string, text: string): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    for (const { pattern, why } of FORBIDDEN)
      if (pattern.test(line)) problems.push(`${file}:${index + 1}: ${why}: ${line.trim().slice(0, 120)}`);
  });
  return problems;
}

function main(): void {
  const problems = trackedFiles().flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return []; // deleted in the working tree
    }
    return findReferences(file, text);
  });
  if (problems.length === 0) return;
  console.error(`check-references: the project must stand alone:\n${problems.join('\n')}`);
  process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
