/**
 * Runtime configuration of the add-in pages, set by `config.js` (served by whoever hosts the
 * pane: the CRM server at /addin/config.js, the emulator at /pane/config.js) as
 * `window.__REGARDING_CONFIG__`, so one build runs against any deployment.
 *
 * Checked by hand rather than with zod: this runs before the pane's first paint, and a handful of
 * fields do not justify putting zod on that path.
 */
export type AuthConfig =
  { mode: 'dev' } | { mode: 'msal'; clientId: string; authority: string; scopes: string[] };

export type AddinConfig = {
  apiBaseUrl: string;
  auth: AuthConfig;
  crmWebUrl: string;
};

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

declare global {
  interface Window {
    __REGARDING_CONFIG__?: unknown;
  }
}

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// `new URL` rather than `URL.canParse`: older Outlook webviews lack the latter.
function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Collects every problem with a path, so one message names all that is wrong. */
function createChecker() {
  const problems: string[] = [];
  const problem = (path: string, message: string) => problems.push(`${path}: ${message}`);
  return {
    problems,
    url(fields: Fields, key: string, path: string): string {
      const value = fields[key];
      if (typeof value !== 'string') problem(path, 'expected a URL string');
      else if (!isUrl(value)) problem(path, `not a valid URL: ${JSON.stringify(value)}`);
      return value as string;
    },
    text(fields: Fields, key: string, path: string): string {
      const value = fields[key];
      if (typeof value !== 'string' || value.length === 0) problem(path, 'expected a non-empty string');
      return value as string;
    },
    texts(fields: Fields, key: string, path: string): string[] {
      const value = fields[key];
      if (!Array.isArray(value) || value.length === 0) {
        problem(path, 'expected a non-empty list of strings');
        return [];
      }
      value.forEach((item, i) => {
        if (typeof item !== 'string' || item.length === 0)
          problem(`${path}.${i}`, 'expected a non-empty string');
      });
      return value as string[];
    },
    problem,
  };
}

function checkAuth(raw: unknown, check: ReturnType<typeof createChecker>): AuthConfig | undefined {
  if (!isObject(raw)) {
    check.problem('auth', 'expected an object with mode "dev" or "msal"');
    return undefined;
  }
  if (raw.mode === 'dev') return { mode: 'dev' };
  if (raw.mode === 'msal') {
    return {
      mode: 'msal',
      clientId: check.text(raw, 'clientId', 'auth.clientId'),
      authority: check.url(raw, 'authority', 'auth.authority'),
      scopes: check.texts(raw, 'scopes', 'auth.scopes'),
    };
  }
  check.problem('auth.mode', `expected "dev" or "msal", got ${JSON.stringify(raw.mode)}`);
  return undefined;
}

/** Validates a configuration object; throws `ConfigError` saying what is missing or wrong. */
export function parseConfig(raw: unknown): AddinConfig {
  if (raw === undefined || raw === null) {
    throw new ConfigError(
      'Regarding is not configured: window.__REGARDING_CONFIG__ is missing (config.js did not load).',
    );
  }
  if (!isObject(raw)) throw new ConfigError('Regarding configuration is invalid: (root): expected an object');
  const check = createChecker();
  const apiBaseUrl = check.url(raw, 'apiBaseUrl', 'apiBaseUrl');
  const auth = checkAuth(raw.auth, check);
  const crmWebUrl = check.url(raw, 'crmWebUrl', 'crmWebUrl');
  if (check.problems.length > 0 || !auth)
    throw new ConfigError(`Regarding configuration is invalid: ${check.problems.join('; ')}`);
  // One spelling of the base URL: without a trailing slash, so paths join with a single one.
  return { apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''), auth, crmWebUrl };
}

/** Reads the page's configuration (`window.__REGARDING_CONFIG__`). */
export function loadConfig(source: { __REGARDING_CONFIG__?: unknown } = window): AddinConfig {
  return parseConfig(source.__REGARDING_CONFIG__);
}
