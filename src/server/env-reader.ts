import { readFileSync } from 'node:fs';

export type Env = Record<string, string | undefined>;

/** Every problem of the environment at once, each naming the variable and what it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Typed reads of environment variables. A bad value is recorded as a problem (and the fallback
 * used), so one run reports them all; `finish` throws them as one ConfigError.
 */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(readonly env: Env) {}

  finish<T>(result: T): T {
    if (this.problems.length) throw new ConfigError(this.problems);
    return result;
  }

  /** Trimmed, or undefined when unset or blank. */
  text(name: string): string | undefined {
    return this.env[name]?.trim() || undefined;
  }

  required(name: string, what: string): string | undefined {
    const value = this.text(name);
    if (!value) this.problems.push(`${name} is required: ${what}.`);
    return value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.text(name);
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
      return fallback;
    }
    return value;
  }

  positiveNumber(name: string): number | undefined {
    const raw = this.text(name);
    if (!raw) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      this.problems.push(`${name} must be a positive number, not "${raw}".`);
      return undefined;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.text(name)?.toLowerCase();
    if (!raw) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false, not "${this.env[name]}".`);
    return fallback;
  }

  oneOf<const T extends readonly string[]>(name: string, values: T, fallback: T[number]): T[number] {
    const raw = this.text(name);
    if (!raw) return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T[number];
    this.problems.push(`${name} must be one of ${values.join(', ')}, not "${raw}".`);
    return fallback;
  }

  url(name: string): string | undefined {
    const raw = this.text(name);
    if (!raw) return undefined;
    try {
      const url = new URL(raw);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
      return raw;
    } catch {
      this.problems.push(`${name} must be an http(s) URL, not "${raw}".`);
      return undefined;
    }
  }

  list(name: string): string[] {
    return (this.env[name] ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
  }

  /** The contents of the file the variable names; undefined (and a problem) when unreadable. */
  file(name: string): string | undefined {
    const file = this.env[name] ?? '';
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      this.problems.push(
        `${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      );
      return undefined;
    }
  }
}
