import { z } from 'zod';

/**
 * Runtime configuration of the add-in pages, set by `config.js` (served by whoever hosts the
 * pane: the CRM server at /addin/config.js, the emulator at /pane/config.js) as
 * `window.__REGARDING_CONFIG__`, so one build runs against any deployment.
 */
export const AddinConfig = z.object({
  apiBaseUrl: z.url(),
  auth: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('dev') }),
    z.object({
      mode: z.literal('msal'),
      clientId: z.string().min(1),
      authority: z.url(),
      scopes: z.array(z.string().min(1)).min(1),
    }),
  ]),
  crmWebUrl: z.url(),
});
export type AddinConfig = z.infer<typeof AddinConfig>;
export type AuthConfig = AddinConfig['auth'];

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

/** Validates a configuration object; throws `ConfigError` saying what is missing or wrong. */
export function parseConfig(raw: unknown): AddinConfig {
  if (raw === undefined || raw === null) {
    throw new ConfigError(
      'Regarding is not configured: window.__REGARDING_CONFIG__ is missing (config.js did not load).',
    );
  }
  const parsed = AddinConfig.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Regarding configuration is invalid: ${problems.join('; ')}`);
  }
  // One spelling of the base URL: without a trailing slash, so paths join with a single one.
  return { ...parsed.data, apiBaseUrl: parsed.data.apiBaseUrl.replace(/\/+$/, '') };
}

/** Reads the page's configuration (`window.__REGARDING_CONFIG__`). */
export function loadConfig(source: { __REGARDING_CONFIG__?: unknown } = window): AddinConfig {
  return parseConfig(source.__REGARDING_CONFIG__);
}
